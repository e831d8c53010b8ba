// Umbrella header: every pure operator semantics (see base.h for the contract).
#pragma once

#include "semantics/base.h"
#include "semantics/convert.h"
#include "semantics/float.h"
#include "semantics/int.h"
#include "semantics/relaxed_simd.h"
#include "semantics/simd.h"
#include "semantics/simd_memory.h"
#include "semantics/trap_kind.h"
#include "semantics/v128.h"
