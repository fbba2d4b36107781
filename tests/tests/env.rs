//! `PYRASP_CONF`, `PYRASP_CLOUD_URL`, `PYRASP_KEY` and their `RASP_*`
//! equivalents in every adapter. One test function: the environment is
//! process-wide.

use std::time::Duration;

fn deny_of_each_adapter() -> Vec<u16> {
    vec![
        rasp_axum::RaspLayer::from_env().unwrap().rasp().deny().0,
        rasp_actix::RaspMiddleware::from_env()
            .unwrap()
            .rasp()
            .deny()
            .0,
        rasp_rocket::RaspFairing::from_env()
            .unwrap()
            .rasp()
            .deny()
            .0,
        rasp_lambda::RaspLambda::from_env().unwrap().rasp().deny().0,
    ]
}

fn clear() {
    for v in [
        "PYRASP_CONF",
        "RASP_CONF",
        "PYRASP_CLOUD_URL",
        "RASP_CLOUD_URL",
        "PYRASP_KEY",
        "RASP_KEY",
    ] {
        std::env::remove_var(v);
    }
}

#[test]
fn environment_variables_in_every_adapter() {
    let dir = std::env::temp_dir().join(format!("rasp-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let py = dir.join("py.json");
    let rs = dir.join("rs.json");
    std::fs::write(&py, r#"{"config": {"DENY_STATUS_CODE": 499}}"#).unwrap();
    std::fs::write(&rs, r#"{"config": {"DENY_STATUS_CODE": 498}}"#).unwrap();

    clear();
    assert_eq!(
        deny_of_each_adapter(),
        [403; 4],
        "defaults without variables"
    );
    std::env::set_var("PYRASP_CONF", &py);
    assert_eq!(deny_of_each_adapter(), [499; 4]);
    std::env::set_var("RASP_CONF", &rs);
    assert_eq!(
        deny_of_each_adapter(),
        [498; 4],
        "RASP_* wins over PYRASP_*"
    );
    std::env::set_var("RASP_CONF", dir.join("missing.json"));
    let err = rasp_axum::RaspLayer::from_env().unwrap_err().to_string();
    assert!(err.contains("missing.json"), "{err}");

    // A management server named by the environment.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let addr = rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        let app = axum::Router::new().route(
            "/config",
            axum::routing::post(|body: String| async move {
                let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                if v["key"] == "env-key" {
                    (
                        axum::http::StatusCode::OK,
                        r#"{"config": {"DENY_STATUS_CODE": 497}}"#,
                    )
                } else {
                    (axum::http::StatusCode::FORBIDDEN, r#"{"status": false}"#)
                }
            }),
        );
        tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
        addr
    });
    std::env::set_var("RASP_CONF", &rs);
    std::env::set_var("PYRASP_CLOUD_URL", format!("http://{addr}/config"));
    std::env::set_var("PYRASP_KEY", "env-key");
    assert_eq!(
        deny_of_each_adapter(),
        [497; 4],
        "configuration from the server"
    );
    std::env::set_var("RASP_KEY", "wrong-key");
    // Refused by the server: the local file (RASP_CONF) stays in force.
    assert_eq!(deny_of_each_adapter(), [498; 4]);
    clear();
    rt.shutdown_timeout(Duration::from_secs(1));
}
