/**
 * Schema-evolution rules: compatibility levels and the checker both the tests and the registry use.
 */
package io.streambert.schemas.compat;
