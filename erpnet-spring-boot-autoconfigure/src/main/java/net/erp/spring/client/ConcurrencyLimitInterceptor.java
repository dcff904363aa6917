package net.erp.spring.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import net.erp.spring.client.ErpNetConcurrencyLimiter.Permit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Holds a permit of the {@link ErpNetConcurrencyLimiter} from sending a request until its
 * response is closed. The calling thread waits for its turn, as a blocking client does.
 */
final class ConcurrencyLimitInterceptor implements ClientHttpRequestInterceptor {

	private final ErpNetConcurrencyLimiter limiter;

	ConcurrencyLimitInterceptor(ErpNetConcurrencyLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Permit permit = await(this.limiter.acquire());
		try {
			return new PermitReleasingResponse(execution.execute(request, body), permit);
		}
		catch (IOException | RuntimeException ex) {
			permit.release();
			throw ex;
		}
	}

	private static Permit await(CompletableFuture<Permit> permit) throws InterruptedIOException {
		try {
			return permit.get();
		}
		catch (InterruptedException ex) {
			if (!permit.cancel(false)) {
				permit.thenAccept(Permit::release);
			}
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for a turn to call ERP.net");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Releases the permit when the response is closed.
	 */
	private static final class PermitReleasingResponse implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final Permit permit;

		PermitReleasingResponse(ClientHttpResponse response, Permit permit) {
			this.response = response;
			this.permit = permit;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			return this.response.getBody();
		}

		@Override
		public void close() {
			try {
				this.response.close();
			}
			finally {
				this.permit.release();
			}
		}

	}

}
