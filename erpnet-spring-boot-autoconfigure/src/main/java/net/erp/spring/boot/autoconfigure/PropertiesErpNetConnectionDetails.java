package net.erp.spring.boot.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import net.erp.spring.boot.autoconfigure.InvalidErpNetPropertiesException.Problem;

/**
 * Adapts {@link ErpNetProperties} to {@link ErpNetConnectionDetails}.
 */
class PropertiesErpNetConnectionDetails implements ErpNetConnectionDetails {

	private final ErpNetProperties properties;

	PropertiesErpNetConnectionDetails(ErpNetProperties properties) {
		this.properties = properties;
	}

	@Override
	public String getInstanceUrl() {
		return required("erpnet.instance-url", this.properties.getInstanceUrl());
	}

	@Override
	public String getClientId() {
		return required("erpnet.client-id", this.properties.getClientId());
	}

	@Override
	public String getClientSecret() {
		return required("erpnet.client-secret", this.properties.getClientSecret());
	}

	@Override
	public @Nullable String getTokenUri() {
		return this.properties.getTokenUri();
	}

	private static String required(String property, @Nullable String value) {
		if (value == null) {
			throw new InvalidErpNetPropertiesException(
					List.of(new Problem(property, property + " is not set.", "Set " + property + ".")));
		}
		return value;
	}

	@Override
	public String toString() {
		return "PropertiesErpNetConnectionDetails[" + this.properties + "]";
	}

}
