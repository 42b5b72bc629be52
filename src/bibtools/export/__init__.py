"""Citation exports of the collection: BibTeX, RIS and CSL-JSON. Pure: papers in, bytes out."""
