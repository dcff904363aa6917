package net.erp.spring.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends a Domain API request again as {@link ErpNetRetryPolicy} decides, with the same
 * body each time.
 */
final class RetryInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(RetryInterceptor.class);

	private final ErpNetRetryPolicy policy;

	RetryInterceptor(ErpNetRetryPolicy policy) {
		this.policy = policy;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		long start = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			ClientHttpResponse response;
			try {
				response = execution.execute(request, body);
			}
			catch (IOException ex) {
				Duration delay = this.policy.delayAfterConnectionFailure(attempt, request.getMethod(), elapsed(start));
				if (delay == null) {
					throw ex;
				}
				logger.debug("Request " + request.getMethod() + " " + request.getURI().getPath() + " to ERP.net failed ("
						+ ex.getMessage() + "); sending it again in " + delay.toMillis() + " ms");
				sleep(delay);
				continue;
			}
			int status = response.getStatusCode().value();
			Duration delay = this.policy.delayAfterResponse(attempt, request.getMethod(), status,
					response.getHeaders().getFirst("Retry-After"), elapsed(start));
			if (delay == null) {
				return response;
			}
			logger.debug("ERP.net answered " + status + " to " + request.getMethod() + " " + request.getURI().getPath()
					+ "; sending it again in " + delay.toMillis() + " ms");
			response.close();
			sleep(delay);
		}
	}

	private static Duration elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void sleep(Duration delay) throws InterruptedIOException {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting to send an ERP.net request again");
		}
	}

}
