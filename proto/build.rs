//! Compiles `proto/*.proto` with a vendored `protoc`, so that a fresh machine needs no system
//! package.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protos = [
        "proto/node.proto",
        "proto/engine.proto",
        "proto/meta.proto",
        "proto/admin.proto",
    ];
    for proto in protos {
        println!("cargo:rerun-if-changed={proto}");
    }
    let mut config = tonic_prost_build::Config::new();
    config.protoc_executable(protoc_bin_vendored::protoc_bin_path()?);
    // Payloads stay reference-counted from the socket to the shard, never copied into a Vec.
    config.bytes(["."]);
    // The admin messages are also the REST API's JSON bodies, field for field.
    config.type_attribute(
        ".robustmq.admin.v1",
        "#[derive(serde::Serialize, serde::Deserialize)] #[serde(default)]",
    );
    tonic_prost_build::configure().compile_with_config(config, &protos, &["proto"])?;
    Ok(())
}
