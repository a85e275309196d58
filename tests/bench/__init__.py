"""Benchmarks of the CRM SMB suite (`make bench`) and their dataset generator (`datagen`)."""
