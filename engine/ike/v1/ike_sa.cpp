#include "engine/ike/v1/ike_sa.hpp"

namespace routerd::ike {

const char* show_name(Phase1State s) {
    switch (s) {
        case Phase1State::MM_NO_STATE: return "MM_NO_STATE";
        case Phase1State::MM_SA_SETUP: return "MM_SA_SETUP";
        case Phase1State::MM_KEY_EXCH: return "MM_KEY_EXCH";
        case Phase1State::AG_NO_STATE: return "AG_NO_STATE";
        case Phase1State::AG_INIT_EXCH: return "AG_INIT_EXCH";
        case Phase1State::AG_AUTH: return "AG_AUTH";
        case Phase1State::QM_IDLE: return "QM_IDLE";
        case Phase1State::DELETED: return "MM_NO_STATE";
    }
    return "";
}

const char* debug_name(Phase1Step s) {
    static const char* names[] = {"IKE_READY", "IKE_I_MM1", "IKE_I_MM2", "IKE_I_MM3", "IKE_I_MM4", "IKE_I_MM5",
                                  "IKE_I_MM6", "IKE_R_MM1", "IKE_R_MM2", "IKE_R_MM3", "IKE_R_MM4", "IKE_R_MM5",
                                  "IKE_R_MM6", "IKE_P1_COMPLETE", "IKE_I_AM1", "IKE_R_AM1", "IKE_R_AM2"};
    return names[static_cast<int>(s)];
}

const char* debug_name(QuickModeState s) {
    switch (s) {
        case QuickModeState::IKE_QM_READY: return "IKE_QM_READY";
        case QuickModeState::IKE_QM_I_QM1: return "IKE_QM_I_QM1";
        case QuickModeState::IKE_QM_R_QM2: return "IKE_QM_R_QM2";
        case QuickModeState::IKE_QM_PHASE2_COMPLETE: return "IKE_QM_PHASE2_COMPLETE";
    }
    return "";
}

}  // namespace routerd::ike
