"""Scanning many repositories at once (`tokenlint fleet`): which repositories, how each is scanned
(in a worker process, on a local pool or a Dask cluster), the per-repository records written as
they finish, and the one summary across them."""
