//! HTTP authentication for servers that ask for it: Basic (RFC 7617) and Digest (RFC 7616,
//! MD5 and SHA-256, `qop=auth` or none). reqwest speaks Basic but not Digest, and Virtuoso's
//! authenticated endpoints (`/sparql-auth`, `/sparql-graph-crud-auth`) accept only Digest.
//!
//! Architecture invariant: credentials are only sent to a host after it has asked for them
//! (a 401 with `WWW-Authenticate`); the password is never printed (`Debug` hides it).

use md5::Md5;
use sha2::{Digest as _, Sha256};

/// A user name and password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"…")
            .finish()
    }
}

/// What a server asked for in `WWW-Authenticate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    /// `Basic realm=…`.
    Basic,
    /// `Digest realm=… nonce=…`, with the nonce count used so far.
    Digest {
        /// The realm.
        realm: String,
        /// The server's nonce.
        nonce: String,
        /// Sent back unchanged, when given.
        opaque: Option<String>,
        /// `MD5`, `MD5-sess`, `SHA-256` or `SHA-256-sess` (MD5 when absent).
        algorithm: String,
        /// Whether the server offers `qop=auth`.
        qop_auth: bool,
        /// Requests answered with this nonce so far.
        count: u32,
    },
}

impl Challenge {
    /// Reads the `WWW-Authenticate` headers of a 401: Digest when offered (the stronger),
    /// else Basic; `None` for schemes unkg does not speak.
    pub fn parse<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<Challenge> {
        let mut basic = false;
        for h in headers {
            let h = h.trim();
            let (scheme, rest) = h.split_once(' ').unwrap_or((h, ""));
            if scheme.eq_ignore_ascii_case("basic") {
                basic = true;
            } else if scheme.eq_ignore_ascii_case("digest") {
                let params = params(rest);
                let get = |k: &str| {
                    params
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(k))
                        .map(|(_, v)| v.clone())
                };
                let nonce = get("nonce")?;
                return Some(Challenge::Digest {
                    realm: get("realm").unwrap_or_default(),
                    nonce,
                    opaque: get("opaque"),
                    algorithm: get("algorithm").unwrap_or_else(|| "MD5".into()),
                    qop_auth: get("qop").is_some_and(|q| {
                        q.split(',').any(|x| x.trim().eq_ignore_ascii_case("auth"))
                    }),
                    count: 0,
                });
            }
        }
        basic.then_some(Challenge::Basic)
    }

    /// The `Authorization` header for one request (`uri` is the request target: path and
    /// query). A Digest challenge counts the request, so each one gets its own `nc`.
    pub fn authorization(
        &mut self,
        creds: &Credentials,
        method: &str,
        uri: &str,
        cnonce: &str,
    ) -> String {
        match self {
            Challenge::Basic => {
                use base64::Engine as _;
                let raw = format!("{}:{}", creds.user, creds.password);
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                )
            }
            Challenge::Digest {
                realm,
                nonce,
                opaque,
                algorithm,
                qop_auth,
                count,
            } => {
                *count += 1;
                let nc = format!("{count:08x}");
                let h = |s: &str| hex_digest(algorithm, s);
                let mut ha1 = h(&format!("{}:{realm}:{}", creds.user, creds.password));
                if algorithm.to_ascii_lowercase().ends_with("-sess") {
                    ha1 = h(&format!("{ha1}:{nonce}:{cnonce}"));
                }
                let ha2 = h(&format!("{method}:{uri}"));
                let response = if *qop_auth {
                    h(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
                } else {
                    h(&format!("{ha1}:{nonce}:{ha2}"))
                };
                let mut out = format!(
                    "Digest username=\"{}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm={algorithm}, response=\"{response}\"",
                    quote(&creds.user)
                );
                if *qop_auth {
                    out.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
                }
                if let Some(o) = opaque {
                    out.push_str(&format!(", opaque=\"{o}\""));
                }
                out
            }
        }
    }
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn hex_digest(algorithm: &str, s: &str) -> String {
    let bytes: Vec<u8> = if algorithm.to_ascii_uppercase().starts_with("SHA-256") {
        Sha256::digest(s.as_bytes()).to_vec()
    } else {
        Md5::digest(s.as_bytes()).to_vec()
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `name=value` and `name="quoted value"` pairs, comma-separated.
fn params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let name: String = chars
            .by_ref()
            .take_while(|c| *c != '=')
            .collect::<String>()
            .trim()
            .to_string();
        if name.is_empty() {
            return out;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.peek().copied() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
            value = value.trim().to_string();
        }
        out.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mufasa() -> Credentials {
        Credentials {
            user: "Mufasa".into(),
            password: "Circle Of Life".into(),
        }
    }

    #[test]
    fn digest_matches_rfc_2617_example() {
        let mut c = Challenge::parse([
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        ])
        .expect("challenge");
        let h = c.authorization(&mufasa(), "GET", "/dir/index.html", "0a4f113b");
        assert!(
            h.contains("response=\"6629fae49393a05397450978507c4ef1\""),
            "{h}"
        );
        assert!(
            h.contains("nc=00000001") && h.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")
        );
        let h2 = c.authorization(&mufasa(), "GET", "/dir/index.html", "0a4f113b");
        assert!(h2.contains("nc=00000002"), "{h2}");
    }

    #[test]
    fn digest_sha256_matches_rfc_7616_example() {
        let mut c = Challenge::parse([
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
        ])
        .expect("challenge");
        let creds = Credentials {
            user: "Mufasa".into(),
            password: "Circle of Life".into(),
        };
        let h = c.authorization(
            &creds,
            "GET",
            "/dir/index.html",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
        );
        assert!(
            h.contains(
                "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""
            ),
            "{h}"
        );
    }

    #[test]
    fn basic_when_only_basic_is_offered() {
        let mut c = Challenge::parse(["Basic realm=\"x\""]).expect("basic");
        let h = c.authorization(
            &Credentials {
                user: "Aladdin".into(),
                password: "open sesame".into(),
            },
            "PUT",
            "/",
            "",
        );
        assert_eq!(h, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(Challenge::parse(["Bearer realm=\"x\""]), None);
    }

    #[test]
    fn debug_hides_the_password() {
        assert!(!format!("{:?}", mufasa()).contains("Circle"));
    }
}
