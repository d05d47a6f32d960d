//! Kafka framing and the requests the broker serves: a size-prefixed frame (`i32` big endian,
//! then the request), its header (whose version the API key and version decide), and its body,
//! decoded by the `kafka-protocol` crate; responses encoded the same way. Sans-IO.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{
    ApiKey, ApiVersionsRequest, CreatePartitionsRequest, CreateTopicsRequest, DeleteTopicsRequest,
    DescribeClusterRequest, DescribeConfigsRequest, DescribeGroupsRequest, FetchRequest,
    FindCoordinatorRequest, HeartbeatRequest, InitProducerIdRequest, JoinGroupRequest,
    LeaveGroupRequest, ListGroupsRequest, ListOffsetsRequest, MetadataRequest, OffsetCommitRequest,
    OffsetFetchRequest, ProduceRequest, RequestHeader, ResponseHeader, SyncGroupRequest,
};
use kafka_protocol::protocol::{Decodable, Encodable};

use crate::kafka::error::KafkaError;
use crate::kafka::versions;

/// Most buffer reserved at once for a frame still arriving.
const RESERVE_STEP: usize = 64 << 10;

/// Kafka's own default for `socket.request.max.bytes` (100 MiB).
pub const DEFAULT_MAX_REQUEST: usize = 100 << 20;

/// Takes the next whole frame out of `buf`, without its size prefix; `None` until one is
/// buffered. Reserves room for the rest of a frame that has begun, so it is read in few calls.
///
/// # Errors
/// [`KafkaError::FrameSize`] for a negative size or one above `max`: the connection closes
/// (as Kafka closes it), since the stream cannot be resynchronised.
pub fn next_frame(buf: &mut BytesMut, max: usize) -> Result<Option<Bytes>, KafkaError> {
    if buf.len() < 4 {
        return Ok(None);
    }
    let size = i32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]);
    let size = usize::try_from(size)
        .ok()
        .filter(|&s| s <= max)
        .ok_or(KafkaError::FrameSize { size, max })?;
    if buf.len() < 4 + size {
        // Room for the rest in steps: a size prefix alone does not claim its whole size.
        buf.reserve((4 + size - buf.len()).min(RESERVE_STEP));
        return Ok(None);
    }
    buf.advance(4);
    Ok(Some(buf.split_to(size).freeze()))
}

/// A request the broker serves, decoded.
#[derive(Debug)]
pub enum Request {
    /// ApiVersions (18).
    ApiVersions(ApiVersionsRequest),
    /// Metadata (3).
    Metadata(MetadataRequest),
    /// Produce (0).
    Produce(ProduceRequest),
    /// Fetch (1).
    Fetch(FetchRequest),
    /// ListOffsets (2).
    ListOffsets(ListOffsetsRequest),
    /// FindCoordinator (10).
    FindCoordinator(FindCoordinatorRequest),
    /// InitProducerId (22).
    InitProducerId(InitProducerIdRequest),
    /// CreateTopics (19).
    CreateTopics(CreateTopicsRequest),
    /// DeleteTopics (20).
    DeleteTopics(DeleteTopicsRequest),
    /// CreatePartitions (37).
    CreatePartitions(CreatePartitionsRequest),
    /// DescribeConfigs (32).
    DescribeConfigs(DescribeConfigsRequest),
    /// DescribeCluster (60).
    DescribeCluster(DescribeClusterRequest),
    /// JoinGroup (11).
    JoinGroup(JoinGroupRequest),
    /// SyncGroup (14).
    SyncGroup(SyncGroupRequest),
    /// Heartbeat (12).
    Heartbeat(HeartbeatRequest),
    /// LeaveGroup (13).
    LeaveGroup(LeaveGroupRequest),
    /// OffsetCommit (8).
    OffsetCommit(OffsetCommitRequest),
    /// OffsetFetch (9).
    OffsetFetch(OffsetFetchRequest),
    /// DescribeGroups (15).
    DescribeGroups(DescribeGroupsRequest),
    /// ListGroups (16).
    ListGroups(ListGroupsRequest),
}

/// What a frame holds.
#[derive(Debug)]
pub enum Frame {
    /// A request of a served API at a served version.
    Request {
        /// Its header.
        header: RequestHeader,
        /// Its API.
        api: ApiKey,
        /// Its body (boxed: request bodies differ much in size).
        request: Box<Request>,
    },
    /// ApiVersions at a version above the served range: the answer is UNSUPPORTED_VERSION in
    /// the v0 format, with the served versions, so the client can pick one (KIP-511).
    ApiVersionsTooNew {
        /// The request's correlation id.
        correlation_id: i32,
    },
}

/// Decodes a frame's header and body.
///
/// # Errors
/// [`KafkaError::UnknownApi`] for an API key the broker does not serve,
/// [`KafkaError::UnsupportedVersion`] for a version outside the served range (but ApiVersions,
/// see [`Frame::ApiVersionsTooNew`]), [`KafkaError::Decode`] for bytes that do not decode. Each
/// closes the connection, as Kafka does.
pub fn decode(mut frame: Bytes) -> Result<Frame, KafkaError> {
    if frame.len() < 8 {
        return Err(KafkaError::Decode(
            "a request shorter than its header".into(),
        ));
    }
    let key = i16::from_be_bytes([frame[0], frame[1]]);
    let version = i16::from_be_bytes([frame[2], frame[3]]);
    let api = ApiKey::try_from(key).map_err(|()| KafkaError::UnknownApi(key))?;
    let Some(range) = versions::served(api) else {
        return Err(KafkaError::UnknownApi(key));
    };
    if version < range.min || version > range.max {
        if api == ApiKey::ApiVersions && version > range.max {
            let correlation_id = i32::from_be_bytes([frame[4], frame[5], frame[6], frame[7]]);
            return Ok(Frame::ApiVersionsTooNew { correlation_id });
        }
        return Err(KafkaError::UnsupportedVersion { api: key, version });
    }
    let header_version = api.request_header_version(version);
    let header = RequestHeader::decode(&mut frame, header_version)
        .map_err(|e| KafkaError::Decode(format!("request header: {e}")))?;
    macro_rules! body {
        ($variant:ident, $ty:ty) => {
            Request::$variant(
                <$ty>::decode(&mut frame, version)
                    .map_err(|e| KafkaError::Decode(format!("{}: {e}", stringify!($variant))))?,
            )
        };
    }
    let request = match api {
        ApiKey::ApiVersions => body!(ApiVersions, ApiVersionsRequest),
        ApiKey::Metadata => body!(Metadata, MetadataRequest),
        ApiKey::Produce => body!(Produce, ProduceRequest),
        ApiKey::Fetch => body!(Fetch, FetchRequest),
        ApiKey::ListOffsets => body!(ListOffsets, ListOffsetsRequest),
        ApiKey::FindCoordinator => body!(FindCoordinator, FindCoordinatorRequest),
        ApiKey::InitProducerId => body!(InitProducerId, InitProducerIdRequest),
        ApiKey::CreateTopics => body!(CreateTopics, CreateTopicsRequest),
        ApiKey::DeleteTopics => body!(DeleteTopics, DeleteTopicsRequest),
        ApiKey::CreatePartitions => body!(CreatePartitions, CreatePartitionsRequest),
        ApiKey::DescribeConfigs => body!(DescribeConfigs, DescribeConfigsRequest),
        ApiKey::DescribeCluster => body!(DescribeCluster, DescribeClusterRequest),
        ApiKey::JoinGroup => body!(JoinGroup, JoinGroupRequest),
        ApiKey::SyncGroup => body!(SyncGroup, SyncGroupRequest),
        ApiKey::Heartbeat => body!(Heartbeat, HeartbeatRequest),
        ApiKey::LeaveGroup => body!(LeaveGroup, LeaveGroupRequest),
        ApiKey::OffsetCommit => body!(OffsetCommit, OffsetCommitRequest),
        ApiKey::OffsetFetch => body!(OffsetFetch, OffsetFetchRequest),
        ApiKey::DescribeGroups => body!(DescribeGroups, DescribeGroupsRequest),
        ApiKey::ListGroups => body!(ListGroups, ListGroupsRequest),
        _ => return Err(KafkaError::UnknownApi(key)),
    };
    Ok(Frame::Request {
        header,
        api,
        request: Box::new(request),
    })
}

/// Appends a response frame: size, header (the version `api` and `version` call for), body.
///
/// # Errors
/// [`KafkaError::Encode`] when the body does not encode at `version` (a field set that the
/// version cannot carry); nothing is appended then.
pub fn encode_response<R: Encodable>(
    out: &mut BytesMut,
    correlation_id: i32,
    api: ApiKey,
    version: i16,
    body: &R,
) -> Result<(), KafkaError> {
    let header_version = api.response_header_version(version);
    encode_with_header(out, correlation_id, header_version, version, body)
}

/// As [`encode_response`], with the response header version given.
///
/// # Errors
/// As [`encode_response`].
pub fn encode_with_header<R: Encodable>(
    out: &mut BytesMut,
    correlation_id: i32,
    header_version: i16,
    version: i16,
    body: &R,
) -> Result<(), KafkaError> {
    let mut header = ResponseHeader::default();
    header.correlation_id = correlation_id;
    let encode = || -> Result<BytesMut, KafkaError> {
        let size = header
            .compute_size(header_version)
            .and_then(|h| body.compute_size(version).map(|b| h + b))
            .map_err(|e| KafkaError::Encode(e.to_string()))?;
        let mut frame = BytesMut::with_capacity(4 + size);
        frame.put_i32(
            i32::try_from(size).map_err(|_| KafkaError::Encode("response too large".into()))?,
        );
        header
            .encode(&mut frame, header_version)
            .map_err(|e| KafkaError::Encode(e.to_string()))?;
        body.encode(&mut frame, version)
            .map_err(|e| KafkaError::Encode(e.to_string()))?;
        Ok(frame)
    };
    out.extend_from_slice(&encode()?);
    Ok(())
}

/// The request's frame as a client sends it: for tests and the load generator.
///
/// # Errors
/// [`KafkaError::Encode`] when the request does not encode at the header's version.
pub fn encode_request<R: Encodable>(header: &RequestHeader, body: &R) -> Result<Bytes, KafkaError> {
    let api = ApiKey::try_from(header.request_api_key)
        .map_err(|()| KafkaError::UnknownApi(header.request_api_key))?;
    let version = header.request_api_version;
    let header_version = api.request_header_version(version);
    let mut frame = BytesMut::new();
    frame.put_i32(0);
    header
        .encode(&mut frame, header_version)
        .map_err(|e| KafkaError::Encode(e.to_string()))?;
    body.encode(&mut frame, version)
        .map_err(|e| KafkaError::Encode(e.to_string()))?;
    let size =
        i32::try_from(frame.len() - 4).map_err(|_| KafkaError::Encode("too large".into()))?;
    frame[..4].copy_from_slice(&size.to_be_bytes());
    Ok(frame.freeze())
}

/// Decodes a response body after its header, for tests and the load generator.
///
/// # Errors
/// [`KafkaError::Decode`] when it does not decode.
pub fn decode_response<R: Decodable>(
    mut frame: Bytes,
    api: ApiKey,
    version: i16,
) -> Result<(i32, R), KafkaError> {
    let header = ResponseHeader::decode(&mut frame, api.response_header_version(version))
        .map_err(|e| KafkaError::Decode(e.to_string()))?;
    let body = R::decode(&mut frame, version).map_err(|e| KafkaError::Decode(e.to_string()))?;
    Ok((header.correlation_id, body))
}
