//! A headless Chromium driven over the DevTools protocol: JSON messages, each ended by a NUL
//! byte, on the pipe `--remote-debugging-pipe` opens (fd 3 in, fd 4 out). The two ends are
//! named pipes the shell hands the browser as those descriptors, so that no unsafe code and
//! no WebSocket client are needed.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long one step may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// The browser, or `None` (and a note) when there is none and CI does not require it.
pub fn chromium() -> Option<PathBuf> {
    crate::installed::program(
        "LIVABILITY_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
        "chromium",
    )
}

/// A running browser with one page attached.
pub struct Browser {
    child: Child,
    to_browser: std::fs::File,
    from_browser: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Events received while waiting for replies, oldest first.
    pub events: VecDeque<Value>,
    /// Every URL the page asked for (`Network.requestWillBeSent`), in order.
    pub requests: Vec<String>,
}

impl Browser {
    /// The peak resident memory (bytes) of the browser's biggest renderer process so far
    /// (`VmHWM`): the page's, with its Worker and WebAssembly memory. `None` where `/proc`
    /// does not say.
    #[allow(dead_code)]
    pub fn peak_renderer_memory(&self) -> Option<u64> {
        let browser = self.child.id();
        let mut peak = None;
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            if !cmdline.contains("--type=renderer") || !descends_from(pid, browser) {
                continue;
            }
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let kib = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                });
            if let Some(kib) = kib {
                peak = peak.max(Some(kib * 1024));
            }
        }
        peak
    }

    /// Starts the browser with its profile and pipes in `folder`, and opens a blank page of
    /// `width`×`height`.
    pub fn start(binary: &Path, folder: &Path, (width, height): (u32, u32)) -> Browser {
        let input = folder.join("to-browser");
        let output = folder.join("from-browser");
        for fifo in [&input, &output] {
            let made = Command::new("mkfifo")
                .arg(fifo)
                .status()
                .expect("mkfifo runs");
            assert!(made.success(), "mkfifo {}", fifo.display());
        }
        let child = Command::new("sh")
            .arg("-c")
            .arg(r#"in="$1"; out="$2"; shift 2; exec "$@" 3<"$in" 4>"$out""#)
            .arg("sh")
            .arg(&input)
            .arg(&output)
            .arg(binary)
            .args([
                "--headless",
                // Root in a container has no user namespace for Chromium's sandbox.
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--disable-default-apps",
                "--disable-extensions",
                // No name resolves: a request the page made could not leave the machine
                // (and the test sees it among the requests).
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!(
                "--user-data-dir={}",
                folder.join("profile").display()
            ))
            .arg(format!("--window-size={width},{height}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the browser starts");
        // The shell opens `in` first, then `out`: the same order here, or both wait forever.
        let to_browser = std::fs::OpenOptions::new()
            .write(true)
            .open(&input)
            .expect("the browser's input opens");
        let from = std::fs::File::open(&output).expect("the browser's output opens");
        let (sender, from_browser) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from);
            let mut message = Vec::new();
            loop {
                message.clear();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        message.pop();
                        if let Ok(value) = serde_json::from_slice::<Value>(&message)
                            && sender.send(value).is_err()
                        {
                            break;
                        }
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            to_browser,
            from_browser,
            next_id: 0,
            session: String::new(),
            events: VecDeque::new(),
            requests: Vec::new(),
        };
        let target = browser.browser_call("Target.createTarget", json!({ "url": "about:blank" }));
        let attached = browser.browser_call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_owned();
        for domain in [
            "Page.enable",
            "Network.enable",
            "Runtime.enable",
            "DOM.enable",
        ] {
            browser.call(domain, json!({}));
        }
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
        browser
    }

    /// Sends `method` to the browser itself and waits for its result.
    pub fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(json!({ "method": method, "params": params }))
    }

    /// Sends `method` to the page and waits for its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(json!({ "method": method, "params": params, "sessionId": session }))
    }

    fn send(&mut self, mut message: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        message["id"] = json!(id);
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to_browser.write_all(&bytes).unwrap();
        self.to_browser.flush().unwrap();
        let start = Instant::now();
        loop {
            let message = self.receive(start, &format!("a reply to {message}"));
            if message["id"] == json!(id) {
                assert!(
                    message.get("error").is_none(),
                    "{} failed: {}",
                    message_method(&message, &bytes),
                    message["error"]
                );
                return message["result"].clone();
            }
        }
    }

    /// The next message, recording requests and keeping events.
    fn receive(&mut self, start: Instant, waiting_for: &str) -> Value {
        let left = PATIENCE.saturating_sub(start.elapsed());
        match self.from_browser.recv_timeout(left) {
            Ok(message) => {
                if message["method"] == "Network.requestWillBeSent" {
                    self.requests.push(
                        message["params"]["request"]["url"]
                            .as_str()
                            .unwrap_or("")
                            .to_owned(),
                    );
                }
                if message.get("method").is_some() {
                    self.events.push_back(message.clone());
                }
                message
            }
            Err(RecvTimeoutError::Timeout) => panic!("no {waiting_for} in {PATIENCE:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the browser ended, waiting for {waiting_for}")
            }
        }
    }

    /// Waits for an event `method` whose params `accept` takes, and returns its params.
    pub fn wait_event(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self
            .events
            .iter()
            .position(|event| event["method"] == method && accept(&event["params"]))
        {
            return self.events.remove(at).unwrap()["params"].clone();
        }
        let start = Instant::now();
        loop {
            let message = self.receive(start, method);
            if message["method"] == method && accept(&message["params"]) {
                self.events.pop_back();
                return message["params"].clone();
            }
        }
    }

    /// The value of the JavaScript `expression` (awaited if a promise).
    pub fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true, polling; panics with `explain`'s value if it is
    /// not in time.
    pub fn wait_until(&mut self, expression: &str, explain: &str) {
        let start = Instant::now();
        while self.evaluate(expression) != json!(true) {
            if start.elapsed() > PATIENCE {
                let why = self.evaluate(explain);
                panic!("not {expression} in {PATIENCE:?}: {why}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The method a message called, for a failure's message.
fn message_method(_reply: &Value, sent: &[u8]) -> String {
    String::from_utf8_lossy(&sent[..sent.len().saturating_sub(1).min(200)]).into_owned()
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Removes a test's folder once the browser has ended. Killing Chromium's main process leaves
/// its helpers (renderer, zygote, crash handler) a moment to notice and exit, and they may
/// still write into the profile inside the folder: the removal is retried for up to ten
/// seconds before it fails.
pub fn remove_folder(folder: &Path) {
    let mut tries = 0;
    loop {
        match std::fs::remove_dir_all(folder) {
            Ok(()) => return,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return,
            Err(error) => {
                tries += 1;
                assert!(tries < 100, "cannot remove {}: {error}", folder.display());
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
}

/// Whether process `pid` is `ancestor` or one of its descendants.
fn descends_from(mut pid: u32, ancestor: u32) -> bool {
    for _ in 0..64 {
        if pid == ancestor {
            return true;
        }
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let parent = status
            .lines()
            .find_map(|line| line.strip_prefix("PPid:"))
            .and_then(|rest| rest.trim().parse::<u32>().ok());
        match parent {
            Some(parent) if parent > 1 => pid = parent,
            _ => return false,
        }
    }
    false
}

/// Standard base64, as the DevTools protocol sends binary data.
pub fn decode_base64(text: &str) -> Vec<u8> {
    let value = |byte: u8| match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|byte| *byte != b'=')
        .map(value)
        .collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, digit)| {
                bits | (u32::from(*digit) << (18 - 6 * i))
            });
            let bytes = bits.to_be_bytes();
            bytes[1..chunk.len()].to_vec()
        })
        .collect()
}
