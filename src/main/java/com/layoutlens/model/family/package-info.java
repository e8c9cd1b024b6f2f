/**
 * The model family contract ({@link com.layoutlens.model.family.ModelFamily}) that each family
 * package implements once (most easily as a {@link com.layoutlens.model.family.DeclaredFamily}:
 * a description and the family's functions), and the sizes fresh models are made at. The registry that lists the
 * families is {@link com.layoutlens.model.registry}.
 */
package com.layoutlens.model.family;
