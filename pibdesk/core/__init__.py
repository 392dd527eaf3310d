"""Qt-free, database-free domain of pibdesk: releases, spans, annotations, entities."""
