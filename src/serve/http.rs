//! HTTP plumbing shared by the endpoint and the pages: errors as responses, CORS, reading a
//! capped body, form and query-string parameters, `Accept` negotiation, bearer tokens.
//!
//! Knows nothing of SPARQL or RDF: formats are opaque values chosen from a table.

use std::io::Read;

use oxhttp::model::header::{
    ACCEPT, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE,
};
use oxhttp::model::{Body, HeaderValue, Request, Response, StatusCode};

/// An error answered as an HTTP status with a plain-text message.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn into_response(self) -> Response<Body> {
        let mut r = text(self.status, format!("{}\n", self.message));
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"unkg\""),
            );
        }
        r
    }
}

fn response(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Body> {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(CONTENT_TYPE, v);
    }
    r
}

/// A plain-text response.
pub(crate) fn text(status: StatusCode, body: impl Into<String>) -> Response<Body> {
    response(
        status,
        "text/plain; charset=utf-8",
        body.into().into_bytes(),
    )
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    response(
        status,
        "application/json",
        serde_json::to_vec(value).unwrap_or_default(),
    )
}

/// A response with any content type.
pub(crate) fn bytes(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Body> {
    response(status, content_type, body)
}

/// Lets browser pages of any origin read the answers (the data is public; writes need a
/// token that a page cannot have by accident).
pub(crate) fn cors(r: &mut Response<Body>) {
    let h = r.headers_mut();
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("X-SPARQL-MaxRows"),
    );
}

/// The answer to a CORS preflight request.
pub(crate) fn preflight() -> Response<Body> {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::NO_CONTENT;
    let h = r.headers_mut();
    h.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    );
    h.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Accept, Authorization, Content-Type"),
    );
    h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    r
}

/// A request header as a string ("" when absent or not ASCII).
pub(crate) fn header(req: &Request<Body>, name: oxhttp::model::HeaderName) -> &str {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The media type of the request body, lower-cased, without parameters.
pub(crate) fn content_type(req: &Request<Body>) -> String {
    header(req, CONTENT_TYPE)
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Reads the request body, refusing with 413 anything over `max` bytes (before reading it
/// when the length is declared).
pub(crate) fn read_body(req: &mut Request<Body>, max: usize) -> Result<Vec<u8>, ApiError> {
    let too_big = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body over the limit of {max} bytes"),
        )
    };
    let declared = header(req, CONTENT_LENGTH).parse::<u64>().ok();
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_big());
    }
    let mut buf = Vec::new();
    req.body_mut()
        .take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ApiError::bad_request(format!("reading the request body: {e}")))?;
    if buf.len() > max {
        return Err(too_big());
    }
    Ok(buf)
}

/// Decodes `application/x-www-form-urlencoded` pairs (a query string or a form body).
pub(crate) fn form(raw: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(raw)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The parameters of the request's query string.
pub(crate) fn query_params(req: &Request<Body>) -> Vec<(String, String)> {
    form(req.uri().query().unwrap_or("").as_bytes())
}

/// Picks from `offers` (media type, value; in order of preference) the one the `Accept`
/// header ranks highest. No header, or `*/*`, gives the first offer; `None` when the client
/// accepts none of them.
pub(crate) fn negotiate<T: Copy>(req: &Request<Body>, offers: &[(&str, T)]) -> Option<T> {
    let accept = header(req, ACCEPT);
    if accept.trim().is_empty() {
        return offers.first().map(|(_, t)| *t);
    }
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let range = it.next()?.trim().to_ascii_lowercase();
            let q = it
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // Specific ranges win over wildcards of the same quality.
            let specificity = match range.as_str() {
                "*/*" => 2,
                r if r.ends_with("/*") => 1,
                _ => 0,
            };
            (q > 0.0).then_some((q, specificity * 1000 + i, range))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, range) in &ranges {
        for (mime, value) in offers {
            let matches = range == "*/*"
                || range == mime
                || range
                    .strip_suffix("/*")
                    .is_some_and(|ty| mime.split('/').next() == Some(ty));
            if matches {
                return Some(*value);
            }
        }
    }
    None
}

/// Checks the bearer token of a write request: 403 when writes are off, 401 without the
/// right token.
pub(crate) fn authorize(req: &Request<Body>, token: Option<&str>) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "updates are off: start `unkg serve` with --allow-update and a token to enable them",
        ));
    };
    let given = header(req, AUTHORIZATION)
        .strip_prefix("Bearer ")
        .unwrap_or("")
        .trim();
    // Compare without stopping at the first difference, so timing says nothing of the token.
    let same = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this request writes to the store: send the server's update token as `Authorization: Bearer TOKEN`",
        ))
    }
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(accept: &str) -> Request<Body> {
        let mut r = Request::new(Body::empty());
        if !accept.is_empty() {
            r.headers_mut()
                .insert(ACCEPT, HeaderValue::from_str(accept).unwrap());
        }
        r
    }

    const OFFERS: &[(&str, u8)] = &[
        ("application/sparql-results+json", 1),
        ("application/sparql-results+xml", 2),
        ("text/csv", 3),
    ];

    #[test]
    fn negotiation_follows_quality_then_specificity() {
        assert_eq!(negotiate(&req(""), OFFERS), Some(1));
        assert_eq!(negotiate(&req("*/*"), OFFERS), Some(1));
        assert_eq!(negotiate(&req("text/csv"), OFFERS), Some(3));
        assert_eq!(
            negotiate(
                &req("text/csv;q=0.5, application/sparql-results+xml"),
                OFFERS
            ),
            Some(2)
        );
        assert_eq!(negotiate(&req("*/*;q=0.1, text/*"), OFFERS), Some(3));
        assert_eq!(negotiate(&req("image/png"), OFFERS), None);
        assert_eq!(negotiate(&req("text/csv;q=0"), OFFERS), None);
    }

    #[test]
    fn tokens_are_checked() {
        let mut r = req("");
        assert_eq!(
            authorize(&r, None).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            authorize(&r, Some("secret-token")).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        r.headers_mut().insert(
            AUTHORIZATION,
            HeaderValue::from_static("Bearer secret-token"),
        );
        assert!(authorize(&r, Some("secret-token")).is_ok());
        assert!(authorize(&r, Some("secret-tokens")).is_err());
    }
}
