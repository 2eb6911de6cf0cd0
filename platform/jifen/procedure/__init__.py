"""The review procedure: declare → review → publicise → object/answer → confirm → close → file."""
