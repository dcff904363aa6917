package net.erp.spring.client.domain;

/**
 * How to begin a server-side transaction.
 *
 * @param model the object model the transaction runs in
 * @param trackChanges whether the server tracks the changes, so that
 * {@code ReactiveErpNetTransaction#changes()} can read them
 */
public record ErpNetTransactionOptions(Model model, boolean trackChanges) {

	/**
	 * A transaction in the common model, without change tracking: ERP.net's default.
	 * @return the options
	 */
	public static ErpNetTransactionOptions common() {
		return new ErpNetTransactionOptions(Model.COMMON, false);
	}

	/**
	 * A transaction in the front-end model, where the server applies the front-end
	 * business rules (defaults, calculated fields), without change tracking.
	 * @return the options
	 */
	public static ErpNetTransactionOptions frontEnd() {
		return new ErpNetTransactionOptions(Model.FRONTEND, false);
	}

	/**
	 * These options with change tracking on.
	 * @return the options
	 */
	public ErpNetTransactionOptions trackingChanges() {
		return new ErpNetTransactionOptions(this.model, true);
	}

	/**
	 * The object model of a transaction.
	 */
	public enum Model {

		/**
		 * The common model.
		 */
		COMMON("common"),

		/**
		 * The front-end model.
		 */
		FRONTEND("frontend");

		private final String value;

		Model(String value) {
			this.value = value;
		}

		String value() {
			return this.value;
		}

	}

}
