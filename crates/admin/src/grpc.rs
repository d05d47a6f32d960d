//! `AdminService` on the inner gRPC server.

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

    fn admin<T>(&self, request: &Request<T>) -> Result<&crate::Admin, Status> {
        let header = request
            .metadata()
            .get("authorization")
            .and_then(|v| v.to_str().ok());
        if !token_ok(&self.token, header) {
            return Err(AdminError::Unauthenticated.into());
        }
        self.slot
            .get()
            .map(AsRef::as_ref)
            .ok_or_else(|| AdminError::Unavailable("the node is still starting".into()).into())
    }
}

#[tonic::async_trait]
impl AdminService for AdminGrpc {
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
