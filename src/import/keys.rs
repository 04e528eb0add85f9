//! Stable machine names for the model's enums, shared by the writers that carry them in
//! attributes (draw.io `ib_*` data, DOT `class`) and the readers that take them back.

use crate::model::{Carries, DatabaseRole, KindTag, LinkPurpose, Protocol, ServiceKind};

fn key_of(value: impl std::fmt::Debug) -> String {
    format!("{value:?}").to_ascii_lowercase()
}

/// `https`, `mysqltls`, ...
pub fn protocol_key(p: Protocol) -> String {
    key_of(p)
}

/// The protocol named `key`.
pub fn protocol_from_key(key: &str) -> Option<Protocol> {
    Protocol::ALL.into_iter().find(|p| protocol_key(*p) == key)
}

/// `request`, `dnslookup`, ...
pub fn purpose_key(p: LinkPurpose) -> String {
    key_of(p)
}

/// The purpose named `key`.
pub fn purpose_from_key(key: &str) -> Option<LinkPurpose> {
    LinkPurpose::ALL
        .into_iter()
        .find(|p| purpose_key(*p) == key)
}

/// `all`, `reads`, `writes`.
pub fn carries_key(c: Carries) -> String {
    key_of(c)
}

/// The choice named `key`.
pub fn carries_from_key(key: &str) -> Option<Carries> {
    Carries::ALL.into_iter().find(|c| carries_key(*c) == key)
}

/// `primary`, `replica`, `multiprimarymember`.
pub fn role_key(r: DatabaseRole) -> String {
    key_of(r)
}

/// The role named `key`.
pub fn role_from_key(key: &str) -> Option<DatabaseRole> {
    DatabaseRole::ALL.into_iter().find(|r| role_key(*r) == key)
}

/// The kind named `key` (`load_balancer`, see [`KindTag::key`]).
pub fn tag_from_key(key: &str) -> Option<KindTag> {
    KindTag::ALL.into_iter().find(|t| t.key() == key)
}

/// The service kind named `key` (`web_server`, see [`ServiceKind::key`]).
pub fn service_kind_from_key(key: &str) -> Option<ServiceKind> {
    ServiceKind::ALL.into_iter().find(|k| k.key() == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for p in Protocol::ALL {
            assert_eq!(protocol_from_key(&protocol_key(p)), Some(p));
        }
        for p in LinkPurpose::ALL {
            assert_eq!(purpose_from_key(&purpose_key(p)), Some(p));
        }
        for r in DatabaseRole::ALL {
            assert_eq!(role_from_key(&role_key(r)), Some(r));
        }
    }
}
