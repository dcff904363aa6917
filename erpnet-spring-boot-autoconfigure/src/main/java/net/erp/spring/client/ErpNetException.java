package net.erp.spring.client;

/**
 * What every exception of the ERP.net starter is, so that a caller can tell them from
 * others: {@link ErpNetAuthenticationException} (no access token could be obtained),
 * {@link ErpNetApiException} (an error answer of the Domain API) and
 * {@link ErpNetConcurrencyLimitException} (the queue for the concurrency limit is full).
 * <p>
 * An interface rather than a common superclass: {@code ErpNetAuthenticationException} is
 * an {@code OAuth2AuthorizationException}, as Spring Security's OAuth2 client expects of
 * an authorized client manager's failures. Test for it with {@code instanceof}, or in
 * Reactor with {@code onErrorResume(ErpNetException.class::isInstance, ...)}.
 */
public interface ErpNetException {

	/**
	 * Return the message, which never contains the client secret or a token.
	 * @return the message
	 */
	String getMessage();

}
