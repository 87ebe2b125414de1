//! Newtypes that parse at the edge, so nothing deeper checks again.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// A SHA-256 digest, always 64 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256([u8; 32]);

impl Sha256 {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Sha256(bytes)
    }
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl FromStr for Sha256 {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out)
            .map_err(|_| Error::invalid("sha256", "must be 64 hexadecimal digits"))?;
        Ok(Sha256(out))
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Sha256 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

/// An opaque document id (a UUIDv7, so ids sort by creation time).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct DocumentId(String);

impl DocumentId {
    pub fn generate() -> Self {
        DocumentId(uuid::Uuid::now_v7().simple().to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DocumentId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        uuid::Uuid::try_parse(s)
            .map(|u| DocumentId(u.simple().to_string()))
            .map_err(|_| Error::NotFound(format!("document {s}")))
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Danish CVR number: 8 digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = String, example = "38009877")]
pub struct Cvr(String);

impl Cvr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Cvr {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let digits: Vec<u32> = s.trim().chars().filter_map(|c| c.to_digit(10)).collect();
        if digits.len() != 8 || s.trim().chars().any(|c| !c.is_ascii_digit()) {
            return Err(Error::invalid(
                "supplier.cvr",
                "a CVR number is exactly 8 digits",
            ));
        }
        const WEIGHTS: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];
        let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        if !sum.is_multiple_of(11) {
            return Err(Error::invalid(
                "supplier.cvr",
                format!("{s} is not a valid CVR number (modulus-11 check fails)"),
            ));
        }
        Ok(Cvr(s.trim().to_string()))
    }
}

impl<'de> Deserialize<'de> for Cvr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvr_modulus_11() {
        for good in ["38009877", "45695441", "21513911", "64942212"] {
            assert!(good.parse::<Cvr>().is_ok(), "{good}");
        }
        for bad in ["38009878", "1234567", "3800987a", "123456789", ""] {
            assert!(bad.parse::<Cvr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn sha256_round_trip() {
        let hex = "02091358fd4c44d5f425a29673426255fd1fc609d297347969458d45c3bbabfd";
        assert_eq!(hex.parse::<Sha256>().unwrap().to_hex(), hex);
        assert!("xyz".parse::<Sha256>().is_err());
    }

    #[test]
    fn document_ids_parse_and_reject() {
        let id = DocumentId::generate();
        assert_eq!(id.as_str().parse::<DocumentId>().unwrap(), id);
        assert!("../etc/passwd".parse::<DocumentId>().is_err());
    }
}
