package net.erp.spring.boot.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import net.erp.spring.client.ErpNetClientListener;
import net.erp.spring.client.ErpNetClients;
import net.erp.spring.client.ErpNetConnection;
import net.erp.spring.client.ErpNetTokenStore;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.function.SingletonSupplier;

/**
 * The {@link ErpNetClients} of the application: the default instance's beans, the
 * instances named in {@code erpnet.instances.*} and those registered at run time.
 * <p>
 * A named instance's settings are bound from the properties when the application starts,
 * not frozen at build time, so that an AOT-processed application sees the
 * {@code erpnet.instances.*} it runs with. With
 * {@code erpnet.runtime-instances.idle-timeout}, one thread evicts the runtime instances
 * that have sent no request for that long.
 */
final class DefaultErpNetClients implements ErpNetClients, DisposableBean {

	private static final Log logger = LogFactory.getLog(DefaultErpNetClients.class);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

	private static final Pattern KEBAB = Pattern.compile("-([a-z])");

	private static final String RESERVED = "'" + ErpNetInstance.DEFAULT_NAME + "' and '"
			+ ErpNetHealthContributor.CLUSTER + "'";

	private final Binder binder;

	private final Supplier<Parts> parts;

	private final @Nullable Instance defaultInstance;

	private final Map<String, Supplier<ErpNetInstanceClients>> named;

	private final Map<String, ErpNetInstanceClients> registered = new ConcurrentHashMap<>();

	private final @Nullable Duration idleTimeout;

	private @Nullable ScheduledExecutorService evictor;

	private boolean destroyed;

	/**
	 * Check the named instances; their clients, and the parts they are built from, are
	 * made on first use.
	 */
	DefaultErpNetClients(Binder binder, @Nullable Instance defaultInstance, @Nullable Duration idleTimeout,
			Supplier<Parts> parts) {
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
			String property = "erpnet.runtime-instances.idle-timeout";
			throw new InvalidErpNetPropertiesException(List.of(new InvalidErpNetPropertiesException.Problem(property,
					property + " is " + idleTimeout + "; it must be positive.",
					"Set " + property + " to a positive duration, for example 30m, or leave it unset to keep "
							+ "idle instances.")));
		}
		this.idleTimeout = idleTimeout;
		this.binder = binder;
		this.parts = SingletonSupplier.of(parts);
		this.defaultInstance = defaultInstance;
		Map<String, Supplier<ErpNetInstanceClients>> named = new LinkedHashMap<>();
		for (String name : configuredNames(binder)) {
			named.put(name, configuredInstance(name));
		}
		this.named = Collections.unmodifiableMap(named);
	}

	/**
	 * The names under {@code erpnet.instances}.
	 */
	static Set<String> configuredNames(Binder binder) {
		return binder.bind("erpnet.instances", Bindable.mapOf(String.class, ErpNetProperties.Instance.class))
			.map(Map::keySet)
			.orElse(Set.of());
	}

	private Supplier<ErpNetInstanceClients> configuredInstance(String name) {
		String prefix = "erpnet.instances." + name + ".";
		if (!isAllowed(name)) {
			throw new InvalidErpNetPropertiesException(List.of(new InvalidErpNetPropertiesException.Problem(
					"erpnet.instances." + name, "erpnet.instances." + name + " has a name that is not allowed.",
					"Name the instance with letters, digits, '-' and '_' only (at most 100), other than "
							+ RESERVED + ".")));
		}
		ErpNetProperties settings = inheritedSettings();
		this.binder.bind(prefix.substring(0, prefix.length() - 1), Bindable.ofInstance(settings));
		ErpNetInstance instance = ErpNetInstance.of(ErpNetInstance.registrationId(name),
				(property) -> prefix + property.substring("erpnet.".length()), settings,
				new PropertiesErpNetConnectionDetails(settings));
		return SingletonSupplier.of(() -> this.parts.get().instanceClients(name, instance, settings));
	}

	// What meters and the health call the default instance, and the health the cluster
	private static boolean isAllowed(String name) {
		return NAME.matcher(name).matches() && !ErpNetInstance.DEFAULT_NAME.equals(name)
				&& !ErpNetHealthContributor.CLUSTER.equals(name);
	}

	// The flat settings, without those an instance never inherits
	private ErpNetProperties inheritedSettings() {
		ErpNetProperties settings = new ErpNetProperties();
		this.binder.bind("erpnet", Bindable.ofInstance(settings));
		settings.setInstanceUrl(null);
		settings.setClientId(null);
		settings.setClientSecret(null);
		settings.setTokenUri(null);
		return settings;
	}

	@Override
	public Instance get(String name) {
		Instance instance = find(name);
		if (instance == null) {
			throw new IllegalArgumentException("No ERP.net instance named '" + name + "'; there are " + names());
		}
		return instance;
	}

	private @Nullable Instance find(String name) {
		if (name.equals(DEFAULT)) {
			return this.defaultInstance;
		}
		Instance instance = named(name);
		return (instance != null) ? instance : this.registered.get(name);
	}

	/**
	 * The clients of an instance named in {@code erpnet.instances}, or {@code null}.
	 */
	@Nullable ErpNetInstanceClients named(String name) {
		Supplier<ErpNetInstanceClients> instance = this.named.get(name);
		return (instance != null) ? instance.get() : null;
	}

	@Override
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		if (this.defaultInstance != null) {
			names.add(DEFAULT);
		}
		names.addAll(this.named.keySet());
		names.addAll(this.registered.keySet());
		return Collections.unmodifiableSet(names);
	}

	@Override
	public Instance register(String name, ErpNetConnection connection) {
		ErpNetInstanceClients instance = runtimeInstance(name, connection);
		if (this.registered.putIfAbsent(name, instance) != null) {
			throw new IllegalArgumentException("An ERP.net instance named '" + name
					+ "' is registered already; remove it first, or replace it with replace(name, connection)");
		}
		startEvictingIdleInstances();
		return instance;
	}

	@Override
	public Instance getOrRegister(String name, Function<String, ErpNetConnection> connection) {
		Instance instance = (name != null) ? find(name) : null;
		if (instance instanceof ErpNetInstanceClients clients) {
			// About to be used: not to be evicted in the meantime
			clients.used();
		}
		if (instance != null) {
			return instance;
		}
		checkName(name);
		// Callers of the same name wait for the one that registers it
		instance = this.registered.computeIfAbsent(name, (key) -> runtimeInstance(key, connection.apply(key)));
		startEvictingIdleInstances();
		return instance;
	}

	@Override
	public Instance replace(String name, ErpNetConnection connection) {
		ErpNetInstanceClients instance = runtimeInstance(name, connection);
		ErpNetInstanceClients previous = this.registered.put(name, instance);
		if (previous != null) {
			close(previous);
		}
		startEvictingIdleInstances();
		return instance;
	}

	// One thread for all instances, started with the first one registered
	private synchronized void startEvictingIdleInstances() {
		Duration idleTimeout = this.idleTimeout;
		if (idleTimeout == null || this.evictor != null || this.destroyed) {
			return;
		}
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("erpnet-idle-eviction-");
		threadFactory.setDaemon(true);
		this.evictor = Executors.newSingleThreadScheduledExecutor(threadFactory);
		long period = Math.max(10, Math.min(idleTimeout.toMillis() / 2, 60_000));
		this.evictor.scheduleWithFixedDelay(() -> evictIdle(idleTimeout), period, period, TimeUnit.MILLISECONDS);
	}

	private void evictIdle(Duration idleTimeout) {
		try {
			this.registered.forEach((name, instance) -> {
				if (instance.isIdle(idleTimeout) && this.registered.remove(name, instance)) {
					logger.debug("Evicted ERP.net instance '" + name + "' after " + idleTimeout + " without a request");
					close(instance);
				}
			});
		}
		catch (RuntimeException ex) {
			// An exception would cancel every later run
			logger.warn("Could not evict idle ERP.net instances", ex);
		}
	}

	@Override
	public boolean remove(String name) {
		checkNotConfigured(name);
		ErpNetInstanceClients removed = this.registered.remove(name);
		if (removed == null) {
			return false;
		}
		close(removed);
		return true;
	}

	private static void checkName(String name) {
		if (name == null || !isAllowed(name)) {
			throw new IllegalArgumentException("ERP.net instance name '" + name
					+ "' is not allowed: use letters, digits, '-' and '_' only (at most 100), other than " + RESERVED);
		}
	}

	private ErpNetInstanceClients runtimeInstance(String name, ErpNetConnection connection) {
		checkName(name);
		if (connection == null) {
			throw new IllegalArgumentException("No connection given for ERP.net instance '" + name + "'");
		}
		checkNotConfigured(name);
		ErpNetProperties settings = inheritedSettings();
		settings.setInstanceUrl(connection.getInstanceUrl());
		settings.setClientId(connection.getClientId());
		settings.setClientSecret(connection.getClientSecret());
		settings.setTokenUri(connection.getTokenUri());
		if (!connection.getScopes().isEmpty()) {
			settings.setScopes(connection.getScopes());
		}
		if (connection.getClientAuthenticationMethod() != null) {
			settings.setClientAuthenticationMethod(connection.getClientAuthenticationMethod());
		}
		if (connection.getMaxConcurrentRequests() != null) {
			settings.getDomainApi().setMaxConcurrentRequests(connection.getMaxConcurrentRequests());
		}
		if (connection.getMaxQueuedRequests() != null) {
			settings.getDomainApi().setMaxQueuedRequests(connection.getMaxQueuedRequests());
		}
		if (connection.getMaxRequestsPerMinute() != null) {
			settings.getDomainApi().setMaxRequestsPerMinute(connection.getMaxRequestsPerMinute());
		}
		try {
			ErpNetInstance instance = ErpNetInstance.of(ErpNetInstance.registrationId(name),
					DefaultErpNetClients::connectionField, settings, new PropertiesErpNetConnectionDetails(settings));
			return this.parts.get().instanceClients(name, instance, settings);
		}
		catch (InvalidErpNetPropertiesException ex) {
			throw new IllegalArgumentException("ERP.net instance '" + name + "' is not registered: "
					+ ex.getProblems()
						.stream()
						.map((problem) -> problem.description() + " " + problem.action())
						.collect(Collectors.joining(" ")),
					ex);
		}
	}

	// erpnet.domain-api.max-concurrent-requests is the connection's maxConcurrentRequests
	private static String connectionField(String property) {
		String last = property.substring(property.lastIndexOf('.') + 1);
		return "ErpNetConnection." + KEBAB.matcher(last).replaceAll((match) -> match.group(1).toUpperCase());
	}

	private void checkNotConfigured(String name) {
		if (name.equals(DEFAULT) && this.defaultInstance != null || this.named.containsKey(name)) {
			throw new IllegalArgumentException("ERP.net instance '" + name
					+ "' is configured in the properties; only instances registered at run time can be replaced "
					+ "or removed");
		}
	}

	private static void close(ErpNetInstanceClients instance) {
		instance.close()
			.subscribe(null, (ex) -> logger.warn("Could not drop the token of removed ERP.net instance '"
					+ instance.name() + "' from the token store", ex));
	}

	@Override
	public void destroy() {
		synchronized (this) {
			this.destroyed = true;
			if (this.evictor != null) {
				this.evictor.shutdownNow();
			}
		}
		this.registered.values().forEach(DefaultErpNetClients::close);
		this.registered.clear();
	}

	@Override
	public String toString() {
		return "ErpNetClients" + names();
	}

	/**
	 * Makes the meters of an instance other than the default one; where the listener it
	 * returns is {@link AutoCloseable}, closing it removes them.
	 */
	@FunctionalInterface
	interface InstanceMeters {

		ErpNetClientListener listener(String name, String host);

	}

	/**
	 * What every instance's clients are built from.
	 */
	record Parts(ErpNetHttpClients httpClients, ErpNetTokenStore tokenStore, Clock clock,
			ErpNetClientListener applicationListener, InstanceMeters meters) {

		ErpNetInstanceClients instanceClients(String name, ErpNetInstance instance, ErpNetProperties settings) {
			String host = instance.url().getHost();
			ErpNetClientListener meters = this.meters.listener(name, host);
			ErpNetClientListener listener = ErpNetClientListener.of(List.of(meters, this.applicationListener));
			return new ErpNetInstanceClients(name, instance, settings, this.httpClients.forInstance(name, host),
					this.tokenStore, this.clock, listener, () -> release(meters));
		}

		private static void release(ErpNetClientListener meters) {
			if (meters instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					logger.warn("Could not remove the meters of a removed ERP.net instance", ex);
				}
			}
		}

	}

}
