package net.erp.spring.client;

import java.net.URI;
import java.util.Set;
import java.util.function.Function;

import net.erp.spring.client.domain.ErpNetDomainApi;
import net.erp.spring.client.domain.ReactiveErpNetDomainApi;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Every ERP.net instance of the application by name: the default one ({@code ""}, from
 * the flat {@code erpnet.*} properties), the named ones ({@code erpnet.instances.<name>})
 * and those registered while the application runs, such as one per tenant.
 * <p>
 * Each instance has its own token, single flight, error cooldown, concurrency limit,
 * retry budget and origin guard: its token is only ever sent to its own origin. An
 * instance registered at run time may be evicted after being idle, as if it were
 * removed; {@link #getOrRegister(String, Function)} registers it again.
 */
public interface ErpNetClients {

	/**
	 * The name of the default instance.
	 */
	String DEFAULT = "";

	/**
	 * The clients of the instance with the given name.
	 * @param name the name
	 * @return the instance's clients
	 * @throws IllegalArgumentException if there is no instance of that name
	 */
	Instance get(String name);

	/**
	 * The names of the instances there are now.
	 * @return the names
	 */
	Set<String> names();

	/**
	 * Register an instance under a name not yet taken.
	 * @param name the name, such as a tenant's id
	 * @param connection where the instance is and how to authenticate
	 * @return the instance's clients
	 * @throws IllegalArgumentException if the name is taken or the connection is not
	 * valid (the message names the field); nothing is registered then
	 */
	Instance register(String name, ErpNetConnection connection);

	/**
	 * The instance of the given name, registered first with the connection the function
	 * gives if there is none, such as a tenant's whose instance was evicted after being
	 * idle. Callers of the same name at the same time wait for one registration; the
	 * function must not call this registry.
	 * @param name the name, such as a tenant's id
	 * @param connection gives the connection of a name that is not registered
	 * @return the instance's clients
	 * @throws IllegalArgumentException if the connection is not valid (the message names
	 * the field); nothing is registered then
	 */
	Instance getOrRegister(String name, Function<String, ErpNetConnection> connection);

	/**
	 * Register an instance, in place of one registered under the name before, whose
	 * token is dropped and whose clients fail from then on.
	 * @param name the name
	 * @param connection where the instance is and how to authenticate
	 * @return the instance's new clients
	 * @throws IllegalArgumentException if the connection is not valid, or the name is
	 * one of the configured instances
	 */
	Instance replace(String name, ErpNetConnection connection);

	/**
	 * Remove an instance registered at run time: its token is dropped, and its clients
	 * fail with an {@link IllegalStateException} from then on.
	 * @param name the name
	 * @return whether there was such an instance
	 * @throws IllegalArgumentException if the name is one of the configured instances
	 */
	boolean remove(String name);

	/**
	 * The clients of one instance. They are built on first use.
	 */
	interface Instance {

		String name();

		/**
		 * The instance URL, for example {@code https://acme.my.erp.net}.
		 * @return the URL
		 */
		URI instanceUrl();

		/**
		 * The client id of the trusted application it authenticates as.
		 * @return the client id
		 */
		String clientId();

		/**
		 * A {@code WebClient} whose base URL is the Domain API root, with the token.
		 * @return the client
		 */
		WebClient webClient();

		/**
		 * A {@code RestClient} whose base URL is the Domain API root, with the token.
		 * @return the client
		 */
		RestClient restClient();

		ErpNetDomainApi domainApi();

		ReactiveErpNetDomainApi reactiveDomainApi();

		OAuth2AuthorizedClientManager authorizedClientManager();

		ReactiveOAuth2AuthorizedClientManager reactiveAuthorizedClientManager();

	}

}
