"""The grid map: boundaries as shapes, where a point lies, the base map and China's datums."""
