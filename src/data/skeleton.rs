//! Commented skeleton data files printed by `gongwen new KIND`.

use super::model::Kind;

/// The skeleton of a kind: a valid data file whose comments explain each field.
pub fn skeleton(kind: Kind) -> &'static str {
    match kind {
        Kind::WorkSummary => include_str!("../../templates/new/work-summary.yaml"),
        Kind::SelfInspection => include_str!("../../templates/new/self-inspection.yaml"),
        Kind::RiskReport => include_str!("../../templates/new/risk-report.yaml"),
        Kind::ProposalReply => include_str!("../../templates/new/proposal-reply.yaml"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_skeleton_loads() {
        for kind in Kind::ALL {
            let loaded = super::super::load_bytes(
                Path::new("new.yaml"),
                skeleton(kind).as_bytes(),
                &[],
                &Default::default(),
            );
            assert!(
                !loaded.diagnostics.has_errors(),
                "{}: {}",
                kind.name(),
                loaded.diagnostics
            );
            assert_eq!(loaded.data.unwrap().kind, kind.name());
        }
    }
}
