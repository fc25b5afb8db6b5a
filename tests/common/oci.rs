//! A minimal OCI distribution registry on 127.0.0.1 for `ospo plugin push/pull` tests: blob
//! uploads (POST then PUT with `?digest=`, checked), blob and manifest GET, manifest PUT by tag;
//! with `require_token` set, GETs need `Authorization: Bearer TOKEN` and are answered 401 with
//! the challenge public registries send, the token coming anonymously from `/token`.
//! One request per connection; it serves until dropped, and never longer than two minutes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::Digest as _;

#[derive(Default)]
pub struct Store {
    /// By digest (`sha256:…`).
    pub blobs: HashMap<String, Vec<u8>>,
    /// By `repository:reference`: (content type, body).
    pub manifests: HashMap<String, (String, Vec<u8>)>,
    /// `METHOD path` of every request, in order (`/token` with its query).
    pub log: Vec<String>,
    pub require_token: Option<String>,
}

pub struct Registry {
    /// `127.0.0.1:PORT`, for `oci://{addr}/…`.
    pub addr: String,
    pub store: Arc<Mutex<Store>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

impl Registry {
    pub fn start() -> Registry {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr").to_string();
        let store = Arc::new(Mutex::new(Store::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (store.clone(), stop.clone());
        let uploads = Arc::new(AtomicUsize::new(0));
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while !st.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(120) {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &s, &uploads),
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Registry { addr, store, stop, thread: Some(thread) }
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().ok();
        }
    }
}

fn respond(mut stream: &TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok();
    stream.write_all(body).ok();
}

fn serve(stream: TcpStream, store: &Arc<Mutex<Store>>, uploads: &AtomicUsize) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default());
    let mut length = 0usize;
    let mut content_type = String::new();
    let mut authorization = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "content-type" => content_type = value.trim().to_string(),
                "authorization" => authorization = value.trim().to_string(),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut store = store.lock().expect("lock");
    if path == "/token" {
        store.log.push(format!("{method} {path}?{query}"));
        let token = store.require_token.clone().unwrap_or_default();
        return respond(&stream, "200 OK", &[], format!(r#"{{"token":"{token}"}}"#).as_bytes());
    }
    store.log.push(format!("{method} {path}"));
    if let Some(token) = &store.require_token
        && method == "GET"
        && authorization != format!("Bearer {token}")
    {
        let addr = stream.local_addr().map(|a| a.to_string()).unwrap_or_default();
        let challenge = format!(
            r#"Bearer realm="http://{addr}/token",service="{addr}",scope="repository:marker:pull,push""#
        );
        return respond(&stream, "401 Unauthorized", &[("WWW-Authenticate", challenge)], b"");
    }
    let Some(rest) = path.strip_prefix("/v2/") else {
        return respond(&stream, "404 Not Found", &[], b"");
    };
    let not_found = br#"{"errors":[{"code":"NAME_UNKNOWN"}]}"#;
    if let Some((repo, _)) = rest.split_once("/blobs/uploads/") {
        match method.as_str() {
            "POST" => {
                let id = uploads.fetch_add(1, Ordering::Relaxed);
                let location = format!("/v2/{repo}/blobs/uploads/{id}?state=x");
                respond(&stream, "202 Accepted", &[("Location", location)], b"")
            }
            "PUT" => {
                let digest = query.split('&').find_map(|kv| kv.strip_prefix("digest=")).unwrap_or_default();
                if sha256(&body) != digest {
                    return respond(
                        &stream,
                        "400 Bad Request",
                        &[],
                        br#"{"errors":[{"code":"DIGEST_INVALID"}]}"#,
                    );
                }
                store.blobs.insert(digest.to_string(), body);
                respond(&stream, "201 Created", &[("Location", format!("/v2/{repo}/blobs/{digest}"))], b"")
            }
            _ => respond(&stream, "405 Method Not Allowed", &[], b""),
        }
    } else if let Some((_, digest)) = rest.rsplit_once("/blobs/") {
        match store.blobs.get(digest) {
            Some(blob) if method == "GET" => {
                let blob = blob.clone();
                respond(&stream, "200 OK", &[("Docker-Content-Digest", digest.to_string())], &blob)
            }
            _ => respond(&stream, "404 Not Found", &[], not_found),
        }
    } else if let Some((repo, reference)) = rest.rsplit_once("/manifests/") {
        let key = format!("{repo}:{reference}");
        match method.as_str() {
            "PUT" => {
                let digest = sha256(&body);
                store.manifests.insert(format!("{repo}:{digest}"), (content_type.clone(), body.clone()));
                store.manifests.insert(key, (content_type, body));
                respond(&stream, "201 Created", &[("Docker-Content-Digest", digest)], b"")
            }
            "GET" => match store.manifests.get(&key) {
                Some((content_type, manifest)) => {
                    let (content_type, manifest) = (content_type.clone(), manifest.clone());
                    respond(&stream, "200 OK", &[("Content-Type", content_type)], &manifest)
                }
                None => {
                    respond(&stream, "404 Not Found", &[], br#"{"errors":[{"code":"MANIFEST_UNKNOWN"}]}"#)
                }
            },
            _ => respond(&stream, "405 Method Not Allowed", &[], b""),
        }
    } else {
        respond(&stream, "404 Not Found", &[], not_found)
    }
}
