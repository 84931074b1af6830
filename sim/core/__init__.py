"""Pure maths: numpy/scipy only; imports nothing else from sim."""
