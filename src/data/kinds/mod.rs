//! One module per kind of document: its field table beside its reader.

pub mod proposal_reply;
pub mod risk_report;
pub mod self_inspection;
pub mod work_summary;
