# The library itself: it builds everywhere, and the README's code compiles.
CHECKS += portability readme

.PHONY: check-portability check-readme
check-portability:
	@sh tests/check_portability.sh
check-readme:
	@sh tests/check_readme.sh
