CREATE TABLE IF NOT EXISTS tenant (
	id VARCHAR(100) PRIMARY KEY,
	instance_url VARCHAR(2000) NOT NULL,
	client_id VARCHAR(500) NOT NULL,
	-- A real service keeps this encrypted, or in a secret store, and only a reference here
	client_secret VARCHAR(500) NOT NULL
);

CREATE TABLE IF NOT EXISTS customer (
	tenant_id VARCHAR(100) NOT NULL,
	number VARCHAR(100) NOT NULL,
	name VARCHAR(500),
	PRIMARY KEY (tenant_id, number)
);
