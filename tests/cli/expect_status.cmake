# Runs the executable with a bad argument and checks the exit status and that stdout stays empty.
execute_process(COMMAND "${EXE}" counts no-such-model --format json
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL EXPECTED_STATUS)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECTED_STATUS}; stderr: ${err}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "stdout not empty on error: ${out}")
endif()
if(NOT err MATCHES "^nn-energy-explorer: no-such-model: ")
  message(FATAL_ERROR "unexpected stderr: ${err}")
endif()
