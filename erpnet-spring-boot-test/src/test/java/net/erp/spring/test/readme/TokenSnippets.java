package net.erp.spring.test.readme;

// tag::token[]
import net.erp.spring.ErpNet;
import net.erp.spring.client.ErpNetReactiveAuthorizedClientManager;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
// end::token[]

/**
 * The README's example of asking for the token, run by {@link ReadmeExamplesTests}.
 */
class TokenSnippets {

	private final OAuth2AuthorizedClientManager erpNetAuthorizedClientManager;

	TokenSnippets(@ErpNet OAuth2AuthorizedClientManager erpNetAuthorizedClientManager) {
		this.erpNetAuthorizedClientManager = erpNetAuthorizedClientManager;
	}

	String token() {
		OAuth2AuthorizedClientManager erpNetAuthorizedClientManager = this.erpNetAuthorizedClientManager;
		// tag::token[]
		OAuth2AuthorizedClient client = erpNetAuthorizedClientManager.authorize(
				ErpNetReactiveAuthorizedClientManager.authorizeRequest("erpnet"));
		String token = client.getAccessToken().getTokenValue();
		// end::token[]
		return token;
	}

}
