package net.erp.spring.test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import net.erp.spring.client.ErpNetClientSecrets;

/**
 * A trusted application of the emulated instance, stored the way ERP.net stores it: the
 * {@code ApplicationUri} (the client id), the hash of the secret and the attributes that
 * decide whether a client credentials token is issued.
 *
 * @param applicationUri the client id
 * @param applicationSecretHash {@code base64(sha256(secret))}
 * @param scopes the scopes the application may be granted
 * @param enabled whether the application is enabled ({@code IsEnabled})
 * @param confidential whether its {@code ClientType} is Confidential
 * @param systemUserAllowed whether it may act as its {@code SystemUser}, which the client
 * credentials grant needs
 */
public record TrustedApplication(String applicationUri, String applicationSecretHash, Set<String> scopes,
		boolean enabled, boolean confidential, boolean systemUserAllowed) {

	public TrustedApplication {
		scopes = Set.copyOf(scopes);
	}

	/**
	 * An enabled, confidential application with a system user and the scopes
	 * {@code read} and {@code update}.
	 * @param applicationUri the client id
	 * @param secret the plain secret; only its hash is kept
	 * @return the application
	 */
	public static TrustedApplication of(String applicationUri, String secret) {
		return new TrustedApplication(applicationUri, ErpNetClientSecrets.hash(secret), Set.of("read", "update"),
				true, true, true);
	}

	public TrustedApplication withScopes(String... scopes) {
		return new TrustedApplication(this.applicationUri, this.applicationSecretHash,
				new LinkedHashSet<>(List.of(scopes)), this.enabled, this.confidential, this.systemUserAllowed);
	}

	public TrustedApplication withEnabled(boolean enabled) {
		return new TrustedApplication(this.applicationUri, this.applicationSecretHash, this.scopes, enabled,
				this.confidential, this.systemUserAllowed);
	}

	public TrustedApplication withConfidential(boolean confidential) {
		return new TrustedApplication(this.applicationUri, this.applicationSecretHash, this.scopes, this.enabled,
				confidential, this.systemUserAllowed);
	}

	public TrustedApplication withSystemUserAllowed(boolean systemUserAllowed) {
		return new TrustedApplication(this.applicationUri, this.applicationSecretHash, this.scopes, this.enabled,
				this.confidential, systemUserAllowed);
	}

}
