//! The life of a session: a connection attaches to it (new, resumed or taken over), detaches
//! from it, and it ends, at once or when its expiry interval runs out; its will goes out on the
//! way, after the will's delay, unless a connection resumes the session first.

use std::sync::Arc;
use std::time::Duration;

use robustmq_meta_client::MetaClient;
use tracing::{debug, warn};

use crate::core::broker::Broker;
use crate::core::message::{Delivery, Message, unix_ms};
use crate::core::router::FilterSpec;
use crate::core::security::Identity;
use crate::core::session::{Attachment, Control, DisconnectReason, Ended, Session, SessionState};

/// Whether a connection starts its session afresh or resumes the one it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStart {
    /// End any session of this client and start a new one (MQTT's Clean Start).
    Clean,
    /// Resume the client's session if it has one.
    Resume,
}

/// A message to publish for a client whose connection ends without a clean disconnect: MQTT's
/// will.
#[derive(Debug, Clone)]
pub struct Will {
    /// The message, with the client as its publisher.
    pub message: Message,
    /// Seconds to wait first; a session resumed within them cancels the will.
    pub delay: u32,
}

/// How long a deadline task sleeps when nothing is armed; an arming wakes it sooner.
const IDLE_WAKE: Duration = Duration::from_secs(3600);

impl Broker {
    /// Gives the session of `client_id` to a new connection, taking it from any connection that
    /// holds it (which is told it was taken over [MQTT-3.1.4-3]). With [`SessionStart::Clean`],
    /// or when none exists, the session is new. Returns the session and whether it was resumed
    /// (MQTT's Session Present). The keepalive period starts now. The session's deliveries are
    /// checked against the ACL as `identity` from now on.
    ///
    /// Once shutdown has begun, the new connection is told to close at once: the shutdown
    /// sweep (which holds the session table's lock) has either seen this attachment or runs
    /// before it.
    pub fn attach(
        &self,
        client_id: &str,
        start: SessionStart,
        expiry_interval: u32,
        identity: Identity,
        mut attachment: Attachment,
    ) -> (Arc<Session>, bool) {
        let mut sessions = self.sessions.lock();
        if self.shutdown.is_triggered() {
            attachment.control.send(Control::Shutdown);
        }
        let now = self.mono_ms();
        let conn_id = attachment.conn_id;
        let existing = sessions.get(client_id).cloned();
        if let Some(old) = &existing {
            let mut st = old.lock();
            if let Some(mut previous) = st.take_connection() {
                previous
                    .control
                    .send(Control::Disconnect(DisconnectReason::TakenOver));
            }
            old.set_connected(false);
            if start == SessionStart::Resume && !st.is_ended() {
                old.set_identity(identity);
                old.set_owner(conn_id);
                old.touch(now);
                old.mark_active(now);
                let (_, will_pending) = st.resume(attachment, expiry_interval);
                if will_pending {
                    // Resumed before its will was due: the will is not sent [MQTT-3.1.3-9].
                    self.wills.cancel(&old.client_id);
                    self.forget_will(Arc::clone(&old.client_id));
                }
                drop(st);
                old.set_connected(true);
                return (Arc::clone(old), true);
            }
        }
        let session = Session::new(Arc::from(client_id), expiry_interval);
        session.set_identity(identity);
        session.set_owner(conn_id);
        session.touch(now);
        session.mark_active(now);
        session.lock().attach(attachment);
        session.set_connected(true);
        sessions.insert(Arc::clone(&session.client_id), Arc::clone(&session));
        self.metrics.sessions.set(sessions.len() as i64);
        drop(sessions);
        if let Some(old) = existing {
            self.end_session(&old);
        }
        (session, false)
    }

    /// Releases `session` from connection `conn_id` when that connection closes. A session with
    /// expiry 0 ends now; others end after their interval unless a connection resumes them. The
    /// will, if `will` is given, goes out after its delay or when the session ends, whichever is
    /// first [MQTT-3.1.3-9], unless a connection resumes the session before that.
    ///
    /// Returns whether the session outlives the connection, so the caller should persist its
    /// state for a restart.
    pub fn detach(
        self: &Arc<Self>,
        session: &Arc<Session>,
        conn_id: u64,
        will: Option<Will>,
    ) -> bool {
        let mut st = session.lock();
        if !st.owned_by(conn_id) {
            // Taken over: the new owner decides the session's fate. A will without delay still
            // goes out, as the old connection ended without a clean disconnect. This task may
            // have polled the session's wake after the new owner did, and so taken its place:
            // wake the new owner.
            let ended = st.is_ended();
            drop(st);
            session.wake();
            if let Some(mut will) = will
                && (will.delay == 0 || ended)
            {
                will.message.publisher = None;
                self.spawn_publish(will.message);
            }
            return false;
        }
        st.take_connection();
        session.set_connected(false);
        let expiry = st.expiry_interval();
        let generation = st.generation();
        // Deliveries chosen through a shared subscription and not yet acknowledged go to another
        // member of the group instead of waiting for this one to come back.
        let shared = st.take_shared();
        drop(st);
        self.redeliver_shared(&session.client_id, shared);

        if expiry == 0 {
            self.end_session_if(session, |st| {
                st.connection().is_none() && st.generation() == generation
            });
            if let Some(will) = will {
                self.spawn_publish(will.message);
            }
            return false;
        }
        let expiry_after = (expiry != u32::MAX).then(|| Duration::from_secs(u64::from(expiry)));
        if let Some(will) = will {
            if will.delay == 0 {
                self.spawn_publish(will.message);
            } else {
                let delay = Duration::from_secs(u64::from(will.delay));
                let after = expiry_after.map_or(delay, |e| delay.min(e));
                self.schedule_will(session, generation, will.message, after, true);
            }
        }
        if let Some(after) = expiry_after {
            self.arm_expiry(session, generation, after);
        }
        true
    }

    /// Publishes `message`, the will of `session`, after `after`, unless a connection resumes
    /// the session (its generation moves) first. With `store`, the will is recorded in meta
    /// until then, so that a restart in between still publishes it; a restored record is
    /// already there. The wait is an entry in [`Broker::wills`], served by [`Self::will_loop`],
    /// not a task of its own; only the meta write runs in the background.
    pub(crate) fn schedule_will(
        self: &Arc<Self>,
        session: &Arc<Session>,
        generation: u64,
        message: Message,
        after: Duration,
        store: bool,
    ) {
        session.lock().set_pending_will(true);
        if store {
            let publish_at = unix_ms() + i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
            let mut record = publish_at.to_be_bytes().to_vec();
            record.extend(message.encode());
            let broker = Arc::clone(self);
            let session = Arc::clone(session);
            tokio::spawn(async move {
                let client_id = Arc::clone(&session.client_id);
                if let Err(e) = broker.meta.will_put(&client_id, record).await {
                    warn!(%client_id, error = %e, "could not record a delayed will; it is lost if the broker restarts first");
                }
                let settled = {
                    let st = session.lock();
                    st.generation() != generation
                        || st.connection().is_some()
                        || !st.has_pending_will()
                };
                if settled {
                    // Resumed, or the will went out, while the record was written: the delete
                    // that followed may have run first.
                    broker.forget_will(client_id);
                }
            });
        }
        let after_ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX);
        self.wills.arm(
            session,
            generation,
            self.mono_ms().saturating_add(after_ms),
            message,
        );
    }

    /// The node's one delayed-will task: sleeps until the earliest will is due (or until an
    /// earlier one is armed), then publishes each due will whose session no connection resumed
    /// meanwhile and deletes its record. Stops on shutdown, leaving the records in meta for the
    /// next start.
    pub(crate) async fn will_loop(self: Arc<Self>) {
        loop {
            let wait = self.wills.next_due().map_or(IDLE_WAKE, |due| {
                Duration::from_millis(due.saturating_sub(self.mono_ms()))
            });
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.wills.earlier_armed() => continue,
                () = self.shutdown.wait() => return,
            }
            for (session, generation, message) in self.wills.take_due(self.mono_ms()) {
                let due = {
                    let mut st = session.lock();
                    let due = st.generation() == generation && st.connection().is_none();
                    if due {
                        st.set_pending_will(false);
                    }
                    due
                };
                if due {
                    self.spawn_publish(message);
                }
                self.forget_will(Arc::clone(&session.client_id));
            }
        }
    }

    /// Deletes a will record, in the background.
    pub(crate) fn forget_will(&self, client_id: Arc<str>) {
        let meta = Arc::clone(&self.meta);
        tokio::spawn(async move {
            if let Err(e) = meta.will_delete(&client_id).await {
                warn!(%client_id, error = %e, "could not delete a will record");
            }
        });
    }

    /// Ends `session` after `after` unless a connection takes it first (its generation moves
    /// from `generation`). Replaces an expiry armed for the session before: see
    /// [`crate::core::expiry`].
    pub(crate) fn arm_expiry(
        self: &Arc<Self>,
        session: &Arc<Session>,
        generation: u64,
        after: Duration,
    ) {
        let after_ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX);
        self.expiries.arm(
            session,
            generation,
            self.mono_ms().saturating_add(after_ms),
            (),
        );
    }

    /// The node's one expiry task: sleeps until the earliest deadline (or until an earlier one
    /// is armed), then ends the sessions due that no connection resumed meanwhile. Stops on
    /// shutdown.
    pub(crate) async fn expiry_loop(self: Arc<Self>) {
        loop {
            let wait = self.expiries.next_due().map_or(IDLE_WAKE, |due| {
                Duration::from_millis(due.saturating_sub(self.mono_ms()))
            });
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.expiries.earlier_armed() => continue,
                () = self.shutdown.wait() => return,
            }
            for (session, generation, ()) in self.expiries.take_due(self.mono_ms()) {
                if self.end_session_if(&session, |st| {
                    st.generation() == generation && st.connection().is_none()
                }) {
                    debug!(client_id = %session.client_id, "session expired");
                }
            }
        }
    }

    fn redeliver_shared(&self, leaving: &str, deliveries: Vec<Delivery>) {
        if deliveries.is_empty() {
            return;
        }
        let router = self.router.read();
        for mut d in deliveries {
            let Some(shared) = d.shared.clone() else {
                continue;
            };
            let eligible = |m: &crate::core::router::Subscriber| {
                &*m.session.client_id != leaving
                    && self
                        .security
                        .admits(&m.session, &m.standing, &d.message.topic)
            };
            match router.shared_member(&shared, eligible) {
                Some(member) => {
                    d.qos = d.message.qos.min(member.options.qos);
                    d.subscription_ids = member.id.into_iter().collect();
                    member.session.enqueue(d, &self.limits, &self.metrics);
                }
                None => {
                    self.metrics
                        .dropped
                        .with_label_values(&["no_shared_member"])
                        .inc();
                }
            }
        }
    }

    /// Ends `session`: its subscriptions leave the tree, it leaves the session table, and its
    /// record leaves meta.
    pub fn end_session(&self, session: &Arc<Session>) {
        self.end_session_if(session, |_| true);
    }

    /// Ends `session` if `still` holds, checked in the same critical section that marks it
    /// ended, so a connection resuming the session between a timer's check and the end cannot
    /// be left attached to a dead session. Returns whether it ended the session.
    pub fn end_session_if(
        &self,
        session: &Arc<Session>,
        still: impl FnOnce(&SessionState) -> bool,
    ) -> bool {
        let Ended {
            subscriptions,
            persistent,
        } = {
            let mut st = session.lock();
            if st.is_ended() || !still(&st) {
                return false;
            }
            match st.end() {
                Some(ended) => ended,
                None => return false,
            }
        };
        if persistent {
            self.forget_session(Arc::clone(&session.client_id));
        }
        // A delayed will is due when its session ends, if that comes first [MQTT-3.1.3-9]: a
        // Clean Start reconnection, or an administrator, ended it. The will task publishes it.
        self.wills.hasten(session, self.mono_ms());
        {
            let mut router = self.router.write();
            for filter in subscriptions.keys() {
                if let Some(spec) = FilterSpec::parse(filter) {
                    router.unsubscribe_session(&spec, session);
                }
            }
            self.metrics.subscriptions.set(router.len() as i64);
        }
        let mut sessions = self.sessions.lock();
        if sessions
            .get(&session.client_id)
            .is_some_and(|s| Arc::ptr_eq(s, session))
        {
            sessions.remove(&session.client_id);
        }
        self.metrics.sessions.set(sessions.len() as i64);
        true
    }
}
