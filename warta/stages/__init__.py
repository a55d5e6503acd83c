"""The built-in pipeline stages, one module each; importing this package registers them."""

from warta.stages import category, clean, coref, entities, graph, linking, quotes, roles, sentences, tone

__all__ = ["category", "clean", "coref", "entities", "graph", "linking", "quotes", "roles", "sentences", "tone"]
