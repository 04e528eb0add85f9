//! Stable, human-readable identities: [`ComponentId`] names a component, [`Endpoint`] names a
//! component or one service on a server (`server-1/mysql`). These are what files, findings and
//! the command line refer to; graph indices never are.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub enum IdError {
    /// The id is empty.
    #[error("an id must not be empty")]
    Empty,
    /// The id is longer than [`MAX_ID_LEN`].
    #[error("id `{0}` is longer than {MAX_ID_LEN} characters")]
    TooLong(String),
    /// The id holds a character outside `A-Z a-z 0-9 - _ .`.
    #[error("id `{id}` contains `{ch}`; use only letters, digits, `-`, `_` and `.`")]
    BadChar {
        /// The offending id.
        id: String,
        /// The first offending character.
        ch: char,
    },
}

/// Longest accepted id, in characters.
pub const MAX_ID_LEN: usize = 64;

/// Checks one id segment (a component id or a service id).
pub fn check_id(id: &str) -> Result<(), IdError> {
    if id.is_empty() {
        return Err(IdError::Empty);
    }
    if id.chars().count() > MAX_ID_LEN {
        return Err(IdError::TooLong(id.to_owned()));
    }
    if let Some(ch) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(IdError::BadChar {
            id: id.to_owned(),
            ch,
        });
    }
    Ok(())
}

/// The stable identity of a component, such as `lb` or `server-1`.
///
/// Deserialisation accepts any string so that a file with a bad id still loads far enough for
/// validation to name it; [`crate::model::validate`] rejects ids that fail [`check_id`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct ComponentId(pub String);

impl ComponentId {
    /// Wraps a string as an id (not checked; see [`check_id`]).
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ComponentId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl std::borrow::Borrow<str> for ComponentId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// One end of a link: a component, or one service on a server (`server-1/mysql`).
///
/// Written in files as a single string. A bare server id means the server's entry service when
/// traffic arrives and its last non-database service when traffic leaves (see
/// `sim::graph`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Endpoint {
    /// The component.
    pub component: ComponentId,
    /// The service on that component (servers only), if a specific one is meant.
    pub service: Option<String>,
}

impl Endpoint {
    /// The endpoint for a whole component.
    pub fn component(id: impl Into<String>) -> Self {
        Self {
            component: ComponentId(id.into()),
            service: None,
        }
    }

    /// The endpoint for one service on a server.
    pub fn service(server: impl Into<String>, service: impl Into<String>) -> Self {
        Self {
            component: ComponentId(server.into()),
            service: Some(service.into()),
        }
    }

    /// Parses `component` or `component/service`.
    pub fn parse(text: &str) -> Self {
        match text.split_once('/') {
            Some((c, s)) => Self::service(c, s),
            None => Self::component(text),
        }
    }
}

impl From<String> for Endpoint {
    fn from(s: String) -> Self {
        Self::parse(&s)
    }
}

impl From<Endpoint> for String {
    fn from(e: Endpoint) -> Self {
        e.to_string()
    }
}

impl From<&str> for Endpoint {
    fn from(s: &str) -> Self {
        Self::parse(s)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.service {
            Some(s) => write!(f, "{}/{}", self.component, s),
            None => write!(f, "{}", self.component),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_round_trips_through_text() {
        for text in ["lb", "server-1/mysql", "a.b_c"] {
            assert_eq!(Endpoint::parse(text).to_string(), text);
        }
        assert_eq!(Endpoint::parse("s/x").service.as_deref(), Some("x"));
    }

    #[test]
    fn ids_are_checked() {
        assert!(check_id("server-1").is_ok());
        assert_eq!(check_id(""), Err(IdError::Empty));
        assert!(matches!(
            check_id("a b"),
            Err(IdError::BadChar { ch: ' ', .. })
        ));
        assert!(check_id(&"x".repeat(65)).is_err());
    }
}
