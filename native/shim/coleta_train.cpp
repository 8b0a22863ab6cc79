// coleta_train.cpp: the training half of the C shim (LoRA and full fine-tuning through
// llama.cpp's llama_opt_* API). See coleta.h.
#include "coleta.h"
#include "coleta_internal.h"
