package net.erp.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Details for a connection to an ERP.net instance: where it is and which trusted
 * application to authenticate as. Defined by the {@code erpnet.*} properties unless a bean
 * of this type is present, for example one that a Testcontainers
 * {@code @ServiceConnection} contributes.
 */
public interface ErpNetConnectionDetails extends ConnectionDetails {

	/**
	 * The URL of the instance, for example {@code https://demodb.my.erp.net}.
	 * @return the instance URL
	 */
	String getInstanceUrl();

	/**
	 * The client id: the trusted application's {@code ApplicationUri}.
	 * @return the client id
	 */
	String getClientId();

	/**
	 * The plain client secret of the trusted application.
	 * @return the client secret
	 */
	String getClientSecret();

	/**
	 * The URL of the token endpoint, or {@code null} for the instance's
	 * {@code /id/connect/token}.
	 * @return the token URL or {@code null}
	 */
	default @Nullable String getTokenUri() {
		return null;
	}

}
