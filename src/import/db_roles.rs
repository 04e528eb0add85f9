//! Replication roles of imported databases where the file does not state them (Docker
//! Compose). The model has no "unknown" role, so each database gets the role its settings or
//! name suggest, and the import report lists every role as guessed:
//!
//! - a replication mode or role variable (`MYSQL_REPLICATION_MODE=slave`,
//!   `POSTGRESQL_REPLICATION_MODE=master`, ...) or a primary host variable
//!   (`MYSQL_MASTER_HOST=db`) decides; else words of the service name (`db-replica`,
//!   `mysql-primary`); else the database is a **primary**, the only role that serves writes.
//! - A replica is linked by replication from the primary its host variable names, else from
//!   the one primary of its engine; with no such primary it stays unlinked, reported.
//! - Several primaries left without replication between them are reported together: the
//!   analysis will flag them as `unreplicated-writers`. That is the least misleading import:
//!   independent databases (one per service, the usual Compose case) really are separate
//!   writers, while calling any of them a replica would invent replication the file does not
//!   have. The report says what to change if they are copies of one database.

use std::collections::BTreeMap;

use super::build::{DesignBuilder, LinkHints};
use crate::model::{ComponentId, DatabaseRole, Endpoint, Kind, LinkPurpose};

/// What a database service's file says about it: its name and environment variables.
pub(crate) struct DbSource<'a> {
    /// The service name in the file.
    pub name: &'a str,
    /// Its environment, `(key, value)`.
    pub env: &'a [(String, String)],
}

/// The role a service's settings or name suggest, why, and the primary's host when a
/// variable names it.
fn role_hint(src: &DbSource<'_>) -> Option<(DatabaseRole, String, Option<String>)> {
    // A variable naming the primary first: it also says which primary.
    for (key, value) in src.env {
        let k = key.to_ascii_uppercase();
        if (k.ends_with("MASTER_HOST") || k.ends_with("PRIMARY_HOST") || k.ends_with("SOURCE_HOST"))
            && !value.trim().is_empty()
        {
            return Some((
                DatabaseRole::Replica,
                format!("`{key}` names its primary"),
                Some(value.trim().to_owned()),
            ));
        }
    }
    for (key, value) in src.env {
        let k = key.to_ascii_uppercase();
        let v = value.trim().to_ascii_lowercase();
        if k.contains("REPLICATION_MODE") || k.contains("REPLICATION_ROLE") {
            let role = match v.as_str() {
                "master" | "primary" | "source" => DatabaseRole::Primary,
                "slave" | "replica" | "standby" | "secondary" => DatabaseRole::Replica,
                _ => continue,
            };
            return Some((role, format!("`{key}={}`", value.trim()), None));
        }
    }
    let words: Vec<String> = src
        .name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&["replica", "slave", "standby", "secondary", "ro", "read"]) {
        return Some((
            DatabaseRole::Replica,
            format!("the name `{}`", src.name),
            None,
        ));
    }
    if has(&["primary", "master", "rw"]) {
        return Some((
            DatabaseRole::Primary,
            format!("the name `{}`", src.name),
            None,
        ));
    }
    None
}

/// Sets the role of each imported database `(component, source)`, links replicas to their
/// primary, and reports every role as guessed (see the module docs).
pub(crate) fn assign_roles(b: &mut DesignBuilder, dbs: &[(ComponentId, DbSource<'_>)]) {
    let engine_of = |b: &DesignBuilder, id: &ComponentId| match b
        .design()
        .component(id.as_str())
        .map(|c| &c.kind)
    {
        Some(Kind::Database(db)) => Some(db.engine.clone()),
        _ => None,
    };
    let mut roles: BTreeMap<&ComponentId, (DatabaseRole, Option<String>)> = BTreeMap::new();
    for (id, src) in dbs {
        let subject = format!("service `{}` role", src.name);
        let (role, host) = match role_hint(src) {
            Some((role, why, host)) => {
                b.guessed(&subject, format!("`{id}`: {} from {why}", role_word(role)));
                (role, host)
            }
            None => {
                b.guessed(
                    &subject,
                    format!(
                        "`{id}`: replication role unknown (Compose does not say): imported as a primary, the only role that takes writes"
                    ),
                );
                (DatabaseRole::Primary, None)
            }
        };
        if let Some(Kind::Database(db)) = b
            .design_mut()
            .component_mut(id.as_str())
            .map(|c| &mut c.kind)
        {
            let engine = std::mem::take(&mut db.engine);
            *db = crate::model::DatabaseSettings::with_role(role);
            db.engine = engine;
        }
        roles.insert(id, (role, host));
    }
    let primaries: Vec<&ComponentId> = roles
        .iter()
        .filter(|(_, (r, _))| *r == DatabaseRole::Primary)
        .map(|(id, _)| *id)
        .collect();
    for (id, src) in dbs {
        let Some((DatabaseRole::Replica, host)) = roles.get(id) else {
            continue;
        };
        let subject = format!("service `{}` role", src.name);
        let named = host.as_ref().and_then(|h| {
            dbs.iter()
                .find(|(_, s)| s.name == h.as_str())
                .map(|(pid, _)| pid)
                .filter(|pid| primaries.contains(pid))
        });
        let engine = engine_of(b, id);
        let same_engine: Vec<&ComponentId> = primaries
            .iter()
            .copied()
            .filter(|p| engine_of(b, p) == engine)
            .collect();
        let primary = named.or(match same_engine.as_slice() {
            [only] => Some(*only),
            _ => None,
        });
        match primary {
            Some(p) => {
                // A `depends_on` from the replica to its primary was read as replication
                // the wrong way round: replication flows from the primary.
                let links = &mut b.design_mut().links;
                let before = links.len();
                links.retain(|l| {
                    !(l.purpose == LinkPurpose::Replication
                        && l.from.component == *id
                        && l.to.component == *p)
                });
                if links.len() != before {
                    b.guessed(
                        &subject,
                        format!("the link `{id}` → `{p}` turned round: replication flows from the primary"),
                    );
                }
                let hints = LinkHints {
                    purpose: Some(LinkPurpose::Replication),
                    ..LinkHints::default()
                };
                if b.add_link(
                    &subject,
                    Endpoint::component(p.as_str()),
                    Endpoint::component(id.as_str()),
                    &hints,
                ) {
                    b.guessed(&subject, format!("`{id}` replicates from `{p}`"));
                }
            }
            None => b.guessed(
                &subject,
                format!("`{id}` is a replica, but no single primary of its engine was found: link it by replication from its primary"),
            ),
        }
    }
    if primaries.len() > 1 {
        let list: Vec<String> = primaries.iter().map(|p| format!("`{p}`")).collect();
        b.guessed(
            "databases",
            format!(
                "{} imported as separate primaries with no replication between them, so `check` reports them as unreplicated writers: right if they hold different data; if they are copies of one database, make the copies replicas and link them by replication",
                list.join(", ")
            ),
        );
    }
}

fn role_word(role: DatabaseRole) -> &'static str {
    match role {
        DatabaseRole::Primary => "primary",
        DatabaseRole::Replica => "replica",
        DatabaseRole::MultiPrimaryMember => "multi-primary member",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(name: &str, env: &[(&str, &str)]) -> Option<DatabaseRole> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        role_hint(&DbSource { name, env: &env }).map(|h| h.0)
    }

    #[test]
    fn roles_come_from_variables_then_names() {
        assert_eq!(
            hint("db", &[("MYSQL_REPLICATION_MODE", "slave")]),
            Some(DatabaseRole::Replica)
        );
        assert_eq!(
            hint("db-replica", &[("POSTGRESQL_REPLICATION_MODE", "master")]),
            Some(DatabaseRole::Primary)
        );
        assert_eq!(
            hint("x", &[("MYSQL_MASTER_HOST", "db")]),
            Some(DatabaseRole::Replica)
        );
        assert_eq!(hint("mysql-read", &[]), Some(DatabaseRole::Replica));
        assert_eq!(hint("pg_primary", &[]), Some(DatabaseRole::Primary));
        assert_eq!(hint("orders-db", &[]), None);
        assert_eq!(hint("readme", &[]), None, "whole words only");
    }
}
