# Runs the executable and checks its exit status and what it printed.
#   -DEXE=...              the executable
#   -DEXPECTED_STATUS=N    its exit status
#   -DARGS=a|b|c           its arguments, separated by "|" (default: a bad model id)
#   -DEXPECTED_OUT=REGEX   stdout must match (default: stdout stays empty)
#   -DEXPECTED_ERR=REGEX   stderr, without its final newline, must match (default: the bad model
#                          id's line). A failing status must come with exactly one line on stderr.
# It runs in a fresh directory, which it checks is still empty afterwards: a command told to
# print help or refuse its arguments writes no file.
if(DEFINED ARGS)
  string(REPLACE "|" ";" arguments "${ARGS}")
else()
  set(arguments counts no-such-model --format json)
  set(EXPECTED_ERR "^nn-energy-explorer: no-such-model: ")
endif()
string(RANDOM LENGTH 12 suffix)
set(work_dir "${CMAKE_CURRENT_BINARY_DIR}/expect_status_${suffix}")
file(MAKE_DIRECTORY "${work_dir}")
execute_process(COMMAND "${EXE}" ${arguments} WORKING_DIRECTORY "${work_dir}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(GLOB written "${work_dir}/*")
file(REMOVE_RECURSE "${work_dir}")
if(NOT status EQUAL EXPECTED_STATUS)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECTED_STATUS}; stdout: ${out}; stderr: ${err}")
endif()
if(DEFINED EXPECTED_OUT)
  if(NOT out MATCHES "${EXPECTED_OUT}")
    message(FATAL_ERROR "unexpected stdout: ${out}")
  endif()
elseif(NOT out STREQUAL "")
  message(FATAL_ERROR "stdout not empty on error: ${out}")
endif()
string(REGEX REPLACE "\n$" "" err_text "${err}")
if(NOT status EQUAL 0 AND (err_text STREQUAL err OR err_text MATCHES "\n"))
  message(FATAL_ERROR "stderr is not one line: ${err}")
endif()
if(NOT err_text MATCHES "${EXPECTED_ERR}")
  message(FATAL_ERROR "unexpected stderr: ${err}")
endif()
if(written)
  message(FATAL_ERROR "wrote ${written}")
endif()
