-- Products whose profile was declared (ProductProfileDeclared, the first event of a product's stream): a small partial
-- index, so that listing them (GET /api/v1/products) reads only those rows, however many events the store holds.
CREATE INDEX domainevententry_declared_products ON domainevententry (aggregateidentifier)
    WHERE payloadtype = 'dev.upgradeledger.commandapi.product.ProductProfileDeclared';
