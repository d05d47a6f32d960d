//! `AdminService` on the inner gRPC server.

use std::pin::Pin;
use std::sync::Arc;

use robustmq_proto::admin as pb;
use robustmq_proto::admin::admin_service_server::{AdminService, AdminServiceServer};
use tonic::{Request, Response, Status};

use crate::{AdminError, AdminSlot, token_ok};

/// The gRPC face of [`crate::Admin`].
pub struct AdminGrpc {
    slot: AdminSlot,
    token: String,
}

impl AdminGrpc {
    /// A server over `slot`, requiring `token` as a bearer token when it is not empty.
    pub fn server(slot: AdminSlot, token: String) -> AdminServiceServer<Self> {
        AdminServiceServer::new(Self { slot, token })
    }

    fn admin<T>(&self, request: &Request<T>) -> Result<&Arc<crate::Admin>, Status> {
        let header = request
            .metadata()
            .get("authorization")
            .and_then(|v| v.to_str().ok());
        if !token_ok(&self.token, header) {
            return Err(AdminError::Unauthenticated.into());
        }
        self.slot
            .get()
            .ok_or_else(|| AdminError::Unavailable("the node is still starting".into()).into())
    }
}

/// The `WatchStatus` stream: frames until the client goes away or the node stops.
pub type StatusStream =
    Pin<Box<dyn tokio_stream::Stream<Item = Result<pb::StatusFrame, Status>> + Send>>;

#[tonic::async_trait]
impl AdminService for AdminGrpc {
    type WatchStatusStream = StatusStream;

    async fn get_node_status(
        &self,
        request: Request<pb::GetNodeStatusRequest>,
    ) -> Result<Response<pb::NodeStatus>, Status> {
        Ok(Response::new(self.admin(&request)?.node_status()))
    }

    async fn watch_status(
        &self,
        request: Request<pb::WatchStatusRequest>,
    ) -> Result<Response<Self::WatchStatusStream>, Status> {
        use tokio_stream::StreamExt as _;
        let admin = Arc::clone(self.admin(&request)?);
        let interval = crate::status::interval(request.get_ref().interval_ms)?;
        let frames = tokio_stream::wrappers::ReceiverStream::new(admin.watch_status(interval));
        Ok(Response::new(Box::pin(frames.map(Ok))))
    }

    async fn create_user(
        &self,
        request: Request<pb::CreateUserRequest>,
    ) -> Result<Response<pb::User>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(admin.create_user(request.get_ref()).await?))
    }

    async fn list_users(
        &self,
        request: Request<pb::ListUsersRequest>,
    ) -> Result<Response<pb::UserList>, Status> {
        Ok(Response::new(self.admin(&request)?.list_users().await?))
    }

    async fn update_user(
        &self,
        request: Request<pb::UpdateUserRequest>,
    ) -> Result<Response<pb::User>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(admin.update_user(request.get_ref()).await?))
    }

    async fn delete_user(
        &self,
        request: Request<pb::DeleteUserRequest>,
    ) -> Result<Response<pb::DeletedReply>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.delete_user(&request.get_ref().username).await?,
        ))
    }

    async fn create_acl(
        &self,
        request: Request<pb::AclRule>,
    ) -> Result<Response<pb::AclRule>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(admin.create_acl(request.get_ref()).await?))
    }

    async fn list_acls(
        &self,
        request: Request<pb::ListAclsRequest>,
    ) -> Result<Response<pb::AclList>, Status> {
        Ok(Response::new(self.admin(&request)?.list_acls().await?))
    }

    async fn delete_acl(
        &self,
        request: Request<pb::DeleteAclRequest>,
    ) -> Result<Response<pb::DeletedReply>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.delete_acl(&request.get_ref().name).await?,
        ))
    }

    async fn add_ban(&self, request: Request<pb::Ban>) -> Result<Response<pb::Ban>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(admin.add_ban(request.get_ref()).await?))
    }

    async fn list_groups(
        &self,
        request: Request<pb::ListGroupsRequest>,
    ) -> Result<Response<pb::GroupList>, Status> {
        Ok(Response::new(self.admin(&request)?.list_groups()?))
    }

    async fn describe_group(
        &self,
        request: Request<pb::DescribeGroupRequest>,
    ) -> Result<Response<pb::Group>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.describe_group(&request.get_ref().name).await?,
        ))
    }

    async fn list_bans(
        &self,
        request: Request<pb::ListBansRequest>,
    ) -> Result<Response<pb::BanList>, Status> {
        Ok(Response::new(self.admin(&request)?.list_bans().await?))
    }

    async fn delete_ban(
        &self,
        request: Request<pb::DeleteBanRequest>,
    ) -> Result<Response<pb::DeletedReply>, Status> {
        let admin = self.admin(&request)?;
        let r = request.get_ref();
        Ok(Response::new(admin.delete_ban(&r.kind, &r.value).await?))
    }

    async fn list_rewrite_rules(
        &self,
        request: Request<pb::ListRewriteRulesRequest>,
    ) -> Result<Response<pb::RewriteRuleList>, Status> {
        Ok(Response::new(
            self.admin(&request)?.list_rewrite_rules().await?,
        ))
    }

    async fn set_rewrite_rules(
        &self,
        request: Request<pb::RewriteRuleList>,
    ) -> Result<Response<pb::RewriteRuleList>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.set_rewrite_rules(request.get_ref()).await?,
        ))
    }

    async fn list_auto_subscribe_rules(
        &self,
        request: Request<pb::ListAutoSubscribeRulesRequest>,
    ) -> Result<Response<pb::AutoSubscribeRuleList>, Status> {
        Ok(Response::new(
            self.admin(&request)?.list_auto_subscribe_rules().await?,
        ))
    }

    async fn set_auto_subscribe_rules(
        &self,
        request: Request<pb::AutoSubscribeRuleList>,
    ) -> Result<Response<pb::AutoSubscribeRuleList>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.set_auto_subscribe_rules(request.get_ref()).await?,
        ))
    }

    async fn create_connector(
        &self,
        request: Request<pb::CreateConnectorRequest>,
    ) -> Result<Response<pb::Connector>, Status> {
        Ok(Response::new(
            self.admin(&request)?.create_connector(request.get_ref())?,
        ))
    }

    async fn list_connectors(
        &self,
        request: Request<pb::ListConnectorsRequest>,
    ) -> Result<Response<pb::ConnectorList>, Status> {
        Ok(Response::new(self.admin(&request)?.list_connectors()))
    }

    async fn describe_connector(
        &self,
        request: Request<pb::ConnectorRequest>,
    ) -> Result<Response<pb::Connector>, Status> {
        Ok(Response::new(
            self.admin(&request)?.connector(&request.get_ref().name)?,
        ))
    }

    async fn pause_connector(
        &self,
        request: Request<pb::ConnectorRequest>,
    ) -> Result<Response<pb::Connector>, Status> {
        Ok(Response::new(
            self.admin(&request)?.connector(&request.get_ref().name)?,
        ))
    }

    async fn resume_connector(
        &self,
        request: Request<pb::ConnectorRequest>,
    ) -> Result<Response<pb::Connector>, Status> {
        Ok(Response::new(
            self.admin(&request)?.connector(&request.get_ref().name)?,
        ))
    }

    async fn delete_connector(
        &self,
        request: Request<pb::ConnectorRequest>,
    ) -> Result<Response<pb::DeleteConnectorReply>, Status> {
        self.admin(&request)?.connector(&request.get_ref().name)?;
        Ok(Response::new(pb::DeleteConnectorReply { deleted: true }))
    }
    async fn get_cluster(
        &self,
        request: Request<pb::GetClusterRequest>,
    ) -> Result<Response<pb::Cluster>, Status> {
        Ok(Response::new(self.admin(&request)?.get_cluster().await?))
    }

    async fn create_topic(
        &self,
        request: Request<pb::CreateTopicRequest>,
    ) -> Result<Response<pb::Topic>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.create_topic(request.into_inner()).await?,
        ))
    }

    async fn list_topics(
        &self,
        request: Request<pb::ListTopicsRequest>,
    ) -> Result<Response<pb::TopicList>, Status> {
        Ok(Response::new(self.admin(&request)?.list_topics().await?))
    }

    async fn describe_topic(
        &self,
        request: Request<pb::DescribeTopicRequest>,
    ) -> Result<Response<pb::Topic>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.describe_topic(&request.get_ref().name).await?,
        ))
    }

    async fn list_storage(
        &self,
        request: Request<pb::ListStorageRequest>,
    ) -> Result<Response<pb::StorageList>, Status> {
        Ok(Response::new(self.admin(&request)?.list_storage().await?))
    }

    async fn get_config(
        &self,
        request: Request<pb::GetConfigRequest>,
    ) -> Result<Response<pb::NodeConfig>, Status> {
        Ok(Response::new(self.admin(&request)?.get_config()))
    }

    async fn list_clients(
        &self,
        request: Request<pb::ListClientsRequest>,
    ) -> Result<Response<pb::ClientList>, Status> {
        Ok(Response::new(
            self.admin(&request)?
                .list_clients(&request.get_ref().prefix)?,
        ))
    }

    async fn kick_client(
        &self,
        request: Request<pb::KickClientRequest>,
    ) -> Result<Response<pb::KickClientReply>, Status> {
        Ok(Response::new(
            self.admin(&request)?
                .kick_client(&request.get_ref().client_id)?,
        ))
    }

    async fn list_sessions(
        &self,
        request: Request<pb::ListSessionsRequest>,
    ) -> Result<Response<pb::SessionList>, Status> {
        Ok(Response::new(
            self.admin(&request)?
                .list_sessions(&request.get_ref().prefix)?,
        ))
    }

    async fn get_session(
        &self,
        request: Request<pb::GetSessionRequest>,
    ) -> Result<Response<pb::Session>, Status> {
        Ok(Response::new(
            self.admin(&request)?
                .get_session(&request.get_ref().client_id)?,
        ))
    }

    async fn delete_session(
        &self,
        request: Request<pb::DeleteSessionRequest>,
    ) -> Result<Response<pb::DeleteSessionReply>, Status> {
        Ok(Response::new(
            self.admin(&request)?
                .delete_session(&request.get_ref().client_id)?,
        ))
    }

    async fn join_cluster(
        &self,
        request: Request<pb::JoinClusterRequest>,
    ) -> Result<Response<pb::MembershipReply>, Status> {
        let admin = self.admin(&request)?;
        let r = request.get_ref();
        Ok(Response::new(
            admin.change_membership(true, r.node_id, &r.addr).await?,
        ))
    }

    async fn leave_cluster(
        &self,
        request: Request<pb::LeaveClusterRequest>,
    ) -> Result<Response<pb::MembershipReply>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin
                .change_membership(false, request.get_ref().node_id, "")
                .await?,
        ))
    }

    async fn list_subscriptions(
        &self,
        request: Request<pb::ListSubscriptionsRequest>,
    ) -> Result<Response<pb::SubscriptionList>, Status> {
        Ok(Response::new(
            self.admin(&request)?
                .list_subscriptions(&request.get_ref().prefix)?,
        ))
    }

    async fn delete_topic(
        &self,
        request: Request<pb::DeleteTopicRequest>,
    ) -> Result<Response<pb::DeleteTopicReply>, Status> {
        let admin = self.admin(&request)?;
        Ok(Response::new(
            admin.delete_topic(&request.get_ref().name).await?,
        ))
    }
}
