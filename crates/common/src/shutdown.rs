//! A cloneable shutdown signal shared by every server and background task of a node.

use tokio_util::sync::CancellationToken;

/// Tells every task of a node to stop.
///
/// Cloning is shallow: all clones observe the same signal, and triggering any clone triggers them
/// all. Once triggered it stays triggered. [`Shutdown::child`] gives a signal that fires when its
/// parent does but can also be fired alone, which is how the node stops one role at a time, in
/// reverse startup order, while the process-wide signal fires once.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    token: CancellationToken,
}

impl Shutdown {
    /// A signal that has not fired.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fires the signal. Idempotent.
    pub fn trigger(&self) {
        self.token.cancel();
    }

    /// Whether the signal has fired.
    pub fn is_triggered(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Completes once the signal has fired; at once if it already has. Cancel-safe.
    pub async fn wait(&self) {
        self.token.cancelled().await;
    }

    /// An owned future for APIs that take `impl Future + 'static`, such as graceful-shutdown hooks.
    pub fn wait_owned(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        self.token.clone().cancelled_owned()
    }

    /// A signal that fires with this one, or on its own.
    pub fn child(&self) -> Self {
        Self {
            token: self.token.child_token(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn clones_observe_the_trigger() {
        let a = Shutdown::new();
        let b = a.clone();
        assert!(!b.is_triggered());
        a.trigger();
        b.wait().await;
        assert!(b.is_triggered());
    }

    #[tokio::test]
    async fn child_fires_with_parent_but_not_the_reverse() {
        let parent = Shutdown::new();
        let child = parent.child();
        child.trigger();
        assert!(!parent.is_triggered());
        let other = parent.child();
        parent.trigger();
        other.wait_owned().await;
        assert!(other.is_triggered());
    }
}
