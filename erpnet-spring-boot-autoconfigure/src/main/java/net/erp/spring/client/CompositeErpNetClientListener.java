package net.erp.spring.client;

import java.time.Duration;
import java.util.List;

/**
 * Tells several {@link ErpNetClientListener}s, in their order.
 */
final class CompositeErpNetClientListener implements ErpNetClientListener {

	private final ErpNetClientListener[] listeners;

	CompositeErpNetClientListener(List<ErpNetClientListener> listeners) {
		this.listeners = listeners.toArray(ErpNetClientListener[]::new);
	}

	@Override
	public void tokenRequested(String outcome, Duration duration) {
		for (ErpNetClientListener listener : this.listeners) {
			listener.tokenRequested(outcome, duration);
		}
	}

	@Override
	public void tokenReused() {
		for (ErpNetClientListener listener : this.listeners) {
			listener.tokenReused();
		}
	}

	@Override
	public void turnGranted(Duration wait) {
		for (ErpNetClientListener listener : this.listeners) {
			listener.turnGranted(wait);
		}
	}

	@Override
	public void queueRejected() {
		for (ErpNetClientListener listener : this.listeners) {
			listener.queueRejected();
		}
	}

	@Override
	public void retried(String reason) {
		for (ErpNetClientListener listener : this.listeners) {
			listener.retried(reason);
		}
	}

}
