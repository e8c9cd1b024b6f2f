/**
 * The model family contract ({@link com.layoutlens.model.family.ModelFamily}) that each family
 * package implements once, and the sizes fresh models are made at. The registry that lists the
 * families is {@link com.layoutlens.model.registry}.
 */
package com.layoutlens.model.family;
