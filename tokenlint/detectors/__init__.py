"""Detectors turn a document into facts. They find; policies judge."""
