/* libskiff.so is made of the stage archives; a target needs one source. */
