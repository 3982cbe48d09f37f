# Frama-C's EVA, with WP on the writers into a caller's buffer, proves jsmn_parse and the
# library's public calls free of runtime errors for every input up to a bound (proof/README.md
# says what is proven and what is not). `make test` runs it as check prove; a missing frama-c
# (Debian frama-c-base) or z3 is a SKIP. About 5 minutes of CPU.
CHECKS += prove

.PHONY: prove check-prove
prove check-prove:
	@bash proof/prove.sh $(BUILD)/proof
