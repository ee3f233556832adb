"""Running extraction over many inputs: reading inputs, building documents, batches, workers, Dask, sinks."""
