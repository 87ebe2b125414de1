//! Starting the real service on port 0 with a temporary data directory, and talking to it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_kontraktarkiv");

/// A file of the shared corpus.
pub fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel)
}

/// A running service; killed when dropped.
pub struct Server {
    pub base: String,
    pub data: tempfile::TempDir,
    child: Child,
    /// A client that sends the `tester` user's token.
    pub http: reqwest::Client,
    pub token: String,
}

/// A client that sends `token` on every request.
pub fn client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let value = format!("Bearer {token}").parse().unwrap();
    headers.insert(reqwest::header::AUTHORIZATION, value);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// `kontraktarkiv user add`: the new user's token (its output's last line), or None if the name is taken.
pub fn add_user(data: &Path, name: &str, role: &str, forvaltning: Option<&str>) -> Option<String> {
    let mut args = vec!["user", "add", name, "--role", role];
    if let Some(f) = forvaltning {
        args.extend(["--forvaltning", f]);
    }
    let out = cli(data, &args);
    out.status.success().then(|| last_line(&out))
}

/// `kontraktarkiv user token NAME`: a fresh token of an existing user.
pub fn new_token(data: &Path, name: &str) -> String {
    let out = cli(data, &["user", "token", name]);
    assert!(
        out.status.success(),
        "user token: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    last_line(&out)
}

fn last_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_string()
}

impl Server {
    pub fn start() -> Server {
        Self::start_with(&[])
    }

    pub fn start_with(extra: &[&str]) -> Server {
        let data = tempfile::tempdir().unwrap();
        Self::start_in(data, extra)
    }

    /// Starts a service over an existing data directory (for restarts). Requests go out as `tester`, a
    /// `koncern_it` user made from the command line (or given a new token on a restart).
    pub fn start_in(data: tempfile::TempDir, extra: &[&str]) -> Server {
        Self::launch(data, "127.0.0.1:0", extra, "warn", None)
    }

    /// Stops the service the hard way (SIGKILL) and hands back its data directory.
    pub fn kill(mut self) -> tempfile::TempDir {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        std::mem::replace(&mut self.data, tempfile::tempdir().unwrap())
    }

    /// The service's process id (benchmarks read its memory from /proc).
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `-H Authorization: …` arguments for a command-line client acting as the test user.
    pub fn auth_header_args(&self) -> Vec<String> {
        vec!["-H".into(), format!("Authorization: Bearer {}", self.token)]
    }

    /// A client acting as a new user of `role` (and `forvaltning`).
    pub fn client_as(&self, name: &str, role: &str, forvaltning: Option<&str>) -> reqwest::Client {
        let token = add_user(self.data.path(), name, role, forvaltning).expect("user add");
        client(&token)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Uploads `bytes` with `metadata` as the API's multipart form.
    pub async fn upload_bytes(&self, metadata: &Value, name: &str, bytes: Vec<u8>) -> (u16, Value) {
        let form = Form::new()
            .part(
                "metadata",
                Part::text(metadata.to_string())
                    .mime_str("application/json")
                    .unwrap(),
            )
            .part(
                "file",
                Part::bytes(bytes)
                    .file_name(name.to_string())
                    .mime_str("application/pdf")
                    .unwrap(),
            );
        let r = self
            .http
            .post(self.url("/api/v1/documents"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn upload(&self, metadata: &Value, file: &Path) -> (u16, Value) {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        self.upload_bytes(metadata, &name, std::fs::read(file).unwrap())
            .await
    }

    /// Waits until a document has left `pending`, and returns it.
    pub async fn wait_indexed(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let (_, doc) = self.get_json(&format!("/api/v1/documents/{id}")).await;
            if doc["status"] != "pending" {
                return doc;
            }
            assert!(Instant::now() < deadline, "document {id} still pending");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn search(&self, query: &str) -> Value {
        let (status, body) = self.get_json(&format!("/api/v1/search?{query}")).await;
        assert_eq!(status, 200, "search {query}: {body}");
        body
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a CLI subcommand against a data directory.
pub fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// Metadata of a contract of a forvaltning.
pub fn contract(title: &str, forvaltning: &str) -> Value {
    serde_json::json!({
        "kind": "contract",
        "title": title,
        "forvaltning": forvaltning,
        "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"},
        "signed_on": "2024-03-01"
    })
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl Server {
    /// Sends `body` as JSON with `method` and answers status and JSON body.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        let r = self
            .http
            .request(method, self.url(path))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::POST, path, body).await
    }

    pub async fn patch_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::PATCH, path, body).await
    }

    /// PUT or DELETE without a body.
    pub async fn call(&self, method: reqwest::Method, path: &str) -> (u16, Value) {
        let r = self
            .http
            .request(method, self.url(path))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Registers a system and answers its id.
    pub async fn add_system(&self, body: Value) -> String {
        let (status, system) = self.post_json("/api/v1/systems", &body).await;
        assert_eq!(status, 201, "{system}");
        system["id"].as_str().unwrap().to_string()
    }
}

impl Server {
    /// Starts a service over `data` listening on `listen`, with `RUST_LOG=rust_log`, its standard error
    /// written to `log` (or inherited). Requests go out as `tester`, as with [`Server::start_in`].
    pub fn launch(
        data: tempfile::TempDir,
        listen: &str,
        extra: &[&str],
        rust_log: &str,
        log: Option<&Path>,
    ) -> Server {
        let token = add_user(data.path(), "tester", "koncern_it", None)
            .unwrap_or_else(|| new_token(data.path(), "tester"));
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).unwrap()),
            None => Stdio::inherit(),
        };
        let mut child = Command::new(BIN)
            .arg("--data-dir")
            .arg(data.path())
            .args(["serve", "--listen", listen])
            .args(extra)
            .env("RUST_LOG", rust_log)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start kontraktarkiv");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected: {line}"));
        Server {
            base: addr.to_string(),
            data,
            child,
            http: client(&token),
            token,
        }
    }

    /// A service on port 0 logging at `debug` into the file `log`.
    pub fn start_logged(log: &Path) -> Server {
        Self::launch(
            tempfile::tempdir().unwrap(),
            "127.0.0.1:0",
            &[],
            "debug",
            Some(log),
        )
    }
}

/// A port that was free a moment ago (for a service whose own URL must be known before it starts).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A browser: no credentials, no cookie jar, follows no redirect.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The raw `Set-Cookie` headers of a response.
pub fn set_cookies(r: &reqwest::Response) -> Vec<String> {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .collect()
}

/// The `Set-Cookie` header that sets `name`, if any.
pub fn set_cookie_of(cookies: &[String], name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    cookies.iter().find(|c| c.starts_with(&prefix)).cloned()
}

/// The value a `Set-Cookie` header gives its cookie.
pub fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap_or("");
    pair.split_once('=')
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

/// The value of the first `<input … name="NAME" value="…">` of a page.
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// `kontraktarkiv user add NAME --role ROLE [--forvaltning F] --password-stdin`: the token it prints.
pub fn add_user_with_password(
    data: &Path,
    name: &str,
    role: &str,
    forvaltning: Option<&str>,
    password: &str,
) -> String {
    use std::io::Write;
    let mut args = vec!["user", "add", name, "--role", role, "--password-stdin"];
    if let Some(f) = forvaltning {
        args.extend(["--forvaltning", f]);
    }
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(&args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{password}").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "user add --password-stdin: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    last_line(&out)
}

/// Sends `pairs` as an `application/x-www-form-urlencoded` body, as a browser posts a form.
pub fn with_form(rb: reqwest::RequestBuilder, pairs: &[(&str, &str)]) -> reqwest::RequestBuilder {
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    rb.header(
        reqwest::header::CONTENT_TYPE,
        "application/x-www-form-urlencoded",
    )
    .body(body)
}
