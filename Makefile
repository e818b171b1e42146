.PHONY: run test setup
run:
	python3 scripts/dev.py run
test:
	python3 scripts/dev.py test
setup:
	python3 scripts/dev.py setup
