//! A headless Firefox driven over WebDriver BiDi: JSON commands and events on the websocket
//! `--remote-debugging-port=0` opens (its port printed on stderr). Firefox has no DevTools
//! protocol; BiDi is the standard both browsers speak.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket, stream::MaybeTlsStream};

/// How long one step may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// Firefox, or `None` (and a note) when there is none and CI does not require it.
pub fn firefox() -> Option<PathBuf> {
    crate::installed::program(
        "LIVABILITY_FIREFOX",
        &["firefox-esr", "firefox"],
        "firefox-esr",
    )
}

/// A running Firefox with a BiDi session and its first tab.
pub struct Firefox {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// The tab's browsing context.
    pub context: String,
    /// Events received while waiting for replies, oldest first.
    pub events: VecDeque<Value>,
    /// Every URL a request was about to be sent for (`network.beforeRequestSent`), in order.
    pub requests: Vec<String>,
}

impl Firefox {
    /// Starts Firefox with its profile in `folder`, and opens a session on its first tab.
    pub fn start(binary: &Path, folder: &Path) -> Firefox {
        let profile = folder.join("profile");
        std::fs::create_dir_all(&profile).unwrap();
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-remote",
                "--remote-debugging-port=0",
                "--profile",
            ])
            .arg(&profile)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("Firefox starts");
        // "WebDriver BiDi listening on ws://127.0.0.1:PORT"
        let stderr = child.stderr.take().unwrap();
        let (sender, address) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = sender.send(line[at..].trim().to_owned());
                }
            }
        });
        let address = address
            .recv_timeout(PATIENCE)
            .expect("Firefox says where its WebDriver BiDi listens");
        let (socket, _) =
            tungstenite::connect(format!("{}/session", address.trim_end_matches('/')))
                .expect("the BiDi websocket opens");
        let mut firefox = Firefox {
            child,
            socket,
            next_id: 0,
            context: String::new(),
            events: VecDeque::new(),
            requests: Vec::new(),
        };
        firefox.call("session.new", json!({ "capabilities": {} }));
        firefox.call(
            "session.subscribe",
            json!({ "events": ["network.beforeRequestSent"] }),
        );
        let tree = firefox.call("browsingContext.getTree", json!({}));
        firefox.context = tree["contexts"][0]["context"]
            .as_str()
            .expect("a tab")
            .to_owned();
        firefox
    }

    /// The next message from Firefox; events are noted (requests recorded).
    fn receive(&mut self) -> Value {
        loop {
            let message = self.socket.read().expect("Firefox's websocket reads");
            let Message::Text(text) = message else {
                continue;
            };
            let value: Value = serde_json::from_str(text.as_str()).expect("BiDi sends JSON");
            if value["type"] == json!("event") {
                if value["method"] == json!("network.beforeRequestSent")
                    && let Some(url) = value["params"]["request"]["url"].as_str()
                {
                    self.requests.push(url.to_owned());
                }
                self.events.push_back(value);
                continue;
            }
            return value;
        }
    }

    /// Sends a command and returns its result; a BiDi error fails the test.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let command = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(Message::text(command.to_string()))
            .expect("Firefox's websocket writes");
        loop {
            let reply = self.receive();
            if reply["id"] == json!(id) {
                assert_eq!(reply["type"], json!("success"), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }

    /// Evaluates `expression` in the tab (awaiting a promise) and returns its value as JSON.
    pub fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.evaluate_remote(expression);
        to_json(&result)
    }

    /// Evaluates `expression` in the tab and returns the remote value BiDi gives (a node
    /// comes with its `sharedId`).
    pub fn evaluate_remote(&mut self, expression: &str) -> Value {
        let context = self.context.clone();
        let result = self.call(
            "script.evaluate",
            json!({
                "expression": expression,
                "target": { "context": context },
                "awaitPromise": true,
            }),
        );
        assert_eq!(result["type"], json!("success"), "{expression}: {result}");
        result["result"].clone()
    }

    /// Waits until `expression` is true in the tab; `explain` is shown on a timeout.
    pub fn wait_until(&mut self, expression: &str, explain: &str) {
        let start = Instant::now();
        while self.evaluate(expression) != json!(true) {
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {expression}: {}",
                self.evaluate(explain)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Firefox {
    fn drop(&mut self) {
        let _ = self.socket.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A BiDi remote value (`{type, value}`) as plain JSON: strings, numbers, booleans, null.
fn to_json(remote: &Value) -> Value {
    match remote["type"].as_str() {
        Some("string" | "boolean") => remote["value"].clone(),
        Some("number") => remote["value"].clone(),
        _ => Value::Null,
    }
}
