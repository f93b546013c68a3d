//! `readout serve` as a process: it starts, answers, refuses what it must, and stops cleanly
//! on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn readout() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readout"))
}

/// One HTTP/1.1 request; returns the status line and the body.
fn http(port: u16, request: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or("").to_string();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "tok-123\n").unwrap();
    let mut child = readout()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .arg("--token-file")
        .arg(&token_file)
        .stderr(Stdio::piped())
        .spawn()
        .expect("readout serve starts");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    // The first lines say the database is new, then where it listens.
    let mut port = None;
    let mut seen = String::new();
    for _ in 0..3 {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
            break;
        }
    }
    let port = port.unwrap_or_else(|| panic!("no listening address in: {seen}"));
    assert!(seen.contains("no database there yet"), "{seen}");
    assert!(seen.contains("POST /api/articles enabled"), "{seen}");

    let (status, body) = http(
        port,
        "GET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("\"articles\":0"), "{body}");
    let article = r#"{"id":"s1","text":"Mayor Lena Ostrova of Brask said on Monday that the bridge would reopen.","published":"2026-03-11"}"#;
    let (status, body) = http(
        port,
        &format!(
            "POST /api/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer tok-123\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{article}",
            article.len()
        ),
    );
    assert!(status.contains(" 201 "), "{status}: {body}");

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let exit = child.wait().unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(exit.success(), "exit {exit:?}: {rest}");
    assert!(rest.contains("server stopped"), "{rest}");
    // What was posted is in the database for the other commands.
    let out = readout().args(["stats", "--db"]).arg(&db).output().unwrap();
    let stats = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        stats
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["articles", "1"]),
        "{stats}"
    );
}

#[test]
fn serve_refuses_remote_addresses_and_empty_token_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = readout()
        .args(["serve", "--addr", "0.0.0.0:0", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-remote"), "{err}");

    let empty = dir.path().join("empty-token");
    std::fs::write(&empty, "  \n").unwrap();
    let out = readout()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .arg("--token-file")
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("token file is empty"), "{err}");
}
